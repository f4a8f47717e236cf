package dev.portico.ratelimit;

import dev.portico.config.model.Rate;

/**
 * One limit, compiled for GCRA (the generic cell rate algorithm): requests are admitted at most one
 * per emission interval T = period / count on average, with a burst tolerance τ = (burst − 1) × T,
 * so that {@code burst} requests may arrive at the same instant. In any window of length w at most
 * burst + w / T requests pass — never twice the limit at a window's edge, and no drift, because the
 * state is one timestamp (the theoretical arrival time) rather than a counter per window.
 *
 * @param rate the configured rate
 * @param burst the most requests admitted at one instant
 * @param intervalNanos T
 * @param toleranceNanos τ
 */
public record GcraLimit(Rate rate, int burst, long intervalNanos, long toleranceNanos) {

  /** Compiles {@code rate} with {@code burst} (at least 1). */
  public static GcraLimit of(Rate rate, int burst) {
    long interval = Math.max(1, rate.period().toNanos() / rate.count());
    return new GcraLimit(rate, burst, interval, Math.multiplyExact((long) burst - 1, interval));
  }

  /** The window of the limit in whole seconds, for the RateLimit-Policy header. */
  public long windowSeconds() {
    return rate.period().toSeconds();
  }
}
