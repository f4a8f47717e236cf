package dev.portico.ratelimit;

import dev.portico.config.model.StoreFailureMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the shared store is answering, and how often requests fell back while it was not. An
 * outage begins with the first failed decision and ends with the first answered one; each is logged
 * once (a warning when it begins, with the cause; an info line when it ends, with its length and
 * the number of fallbacks), never per request. Thread-safe and lock-free.
 */
public final class StoreOutage {

  private static final Logger log = LoggerFactory.getLogger("portico.ratelimit");

  private final Clock clock;
  private final AtomicReference<Instant> downSince = new AtomicReference<>();
  private final Map<StoreFailureMode, LongAdder> fallbacks = new EnumMap<>(StoreFailureMode.class);
  private final LongAdder incidents = new LongAdder();
  private final LongAdder duringIncident = new LongAdder();

  public StoreOutage(Clock clock) {
    this.clock = clock;
    for (StoreFailureMode mode : StoreFailureMode.values()) {
      fallbacks.put(mode, new LongAdder());
    }
  }

  /** Records a decision the store answered; ends an outage in progress. */
  void answered() {
    Instant since = downSince.get();
    if (since != null && downSince.compareAndSet(since, null)) {
      Duration length = Duration.between(since, clock.instant());
      log.info(
          "Rate-limit store is answering again after {} ms; {} decisions fell back meanwhile",
          length.toMillis(),
          duringIncident.sumThenReset());
    }
  }

  /** Records a decision that fell back to {@code mode} because of {@code cause}. */
  void fellBack(StoreFailureMode mode, Throwable cause) {
    fallbacks.get(mode).increment();
    duringIncident.increment();
    if (downSince.get() == null && downSince.compareAndSet(null, clock.instant())) {
      incidents.increment();
      log.warn(
          "Rate-limit store is not answering ({}); policies kept in it fall back to their"
              + " on-store-failure mode until it answers again",
          describe(cause));
    }
  }

  private static String describe(Throwable cause) {
    Throwable root = RedisStore.unwrap(cause);
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Whether the store answered the latest decision. */
  public boolean up() {
    return downSince.get() == null;
  }

  /** Decisions that fell back to {@code mode}, since start. */
  public long fallbacks(StoreFailureMode mode) {
    return fallbacks.get(mode).sum();
  }

  /** Outages since start. */
  public long incidents() {
    return incidents.sum();
  }
}
