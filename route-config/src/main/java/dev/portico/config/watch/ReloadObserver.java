package dev.portico.config.watch;

/** Told the outcome of every reload, e.g. to count them in metrics. Must not block. */
@FunctionalInterface
public interface ReloadObserver {

  void reloaded(ReloadOutcome outcome);
}
