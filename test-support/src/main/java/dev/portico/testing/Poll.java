package dev.portico.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits for a fixture's process to become ready: asks a probe every interval until it answers true,
 * the process dies, or the time is up. One place for the loops every fixture needs (Awaitility is
 * for tests; fixtures run before them and must explain what they waited for).
 */
public final class Poll {

  /** A readiness question; an IOException means "not yet" (not listening, say). */
  @FunctionalInterface
  public interface Probe {
    boolean ready() throws IOException;
  }

  private final Duration timeout;
  private final Duration interval;
  private Supplier<String> deathReport = () -> null;

  private Poll(Duration timeout, Duration interval) {
    this.timeout = timeout;
    this.interval = interval;
  }

  /** Polls for at most {@code timeout}, every {@code interval}. */
  public static Poll every(Duration interval, Duration timeout) {
    return new Poll(timeout, interval);
  }

  /**
   * Stops waiting as soon as {@code process} has exited, with {@code report} (its log, say) in the
   * failure.
   */
  public Poll whileAlive(Process process, Supplier<String> report) {
    this.deathReport = () -> process.isAlive() ? null : report.get();
    return this;
  }

  /**
   * Returns once {@code probe} answers true.
   *
   * @param what what is awaited, for the failure message ("redis-server on port 6379 to answer")
   * @throws IllegalStateException when the time is up or the process died, with the last
   *     IOException the probe threw as the cause
   */
  public void until(String what, Probe probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    IOException last = null;
    while (true) {
      String died = deathReport.get();
      if (died != null) {
        throw new IllegalStateException("gave up waiting for " + what + ": exited: " + died, last);
      }
      try {
        if (probe.ready()) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      if (System.nanoTime() >= deadline) {
        throw new IllegalStateException(
            "gave up waiting for " + what + " after " + timeout.toMillis() + " ms", last);
      }
      sleep(interval);
    }
  }

  /** Sleeps, turning an interrupt into an exception (the flag stays set). */
  public static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
