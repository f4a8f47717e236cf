package dev.portico.traffic;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Delays between active health checks: {@code interval ± jitter}, uniform, so that checks from many
 * gateways (and of many endpoints) do not synchronise. Immutable; thread-safe when the random
 * supplier is (e.g. {@code ThreadLocalRandom::current}).
 */
public final class HealthCheckSchedule {

  private final long intervalNanos;
  private final long jitterNanos;
  private final Supplier<? extends RandomGenerator> random;

  /**
   * @param interval the mean delay, positive
   * @param jitter the largest deviation either way, {@code 0 ≤ jitter < interval}
   */
  public HealthCheckSchedule(
      Duration interval, Duration jitter, Supplier<? extends RandomGenerator> random) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("health check interval " + interval + " is not positive");
    }
    if (jitter.isNegative() || jitter.compareTo(interval) >= 0) {
      throw new IllegalArgumentException(
          "health check jitter " + jitter + " is not in [0, interval " + interval + ")");
    }
    this.intervalNanos = interval.toNanos();
    this.jitterNanos = jitter.toNanos();
    this.random = random;
  }

  /** The delay before the next check, in {@code [interval - jitter, interval + jitter]}. */
  public Duration nextDelay() {
    if (jitterNanos == 0) {
      return Duration.ofNanos(intervalNanos);
    }
    long offset = random.get().nextLong(-jitterNanos, jitterNanos + 1);
    return Duration.ofNanos(intervalNanos + offset);
  }
}
