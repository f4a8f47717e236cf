package dev.portico.ratelimit;

/**
 * GCRA over several limits at once, on an array of theoretical arrival times (TATs), one per limit:
 * a request is admitted only when every limit admits it, and only then are the TATs advanced, so a
 * request refused by one limit costs nothing in the others. Pure function of its arguments; the
 * caller provides mutual exclusion for {@code tats}.
 */
final class Gcra {

  private Gcra() {}

  /**
   * Decides and, when admitted, advances {@code tats} in place.
   *
   * @param tats per limit: the theoretical arrival time in nanoseconds on the caller's clock, or
   *     {@link Long#MIN_VALUE} for a key never seen
   */
  static RateDecision decide(LimitSet limits, long[] tats, long now) {
    int n = limits.size();
    long retryAfter = 0;
    for (int i = 0; i < n; i++) {
      GcraLimit limit = limits.get(i);
      long tat = Math.max(tats[i], now);
      // Conforming when the request is no earlier than TAT − τ.
      long allowAt = tat - limit.toleranceNanos();
      if (now < allowAt) {
        retryAfter = Math.max(retryAfter, allowAt - now);
      }
    }
    boolean allowed = retryAfter == 0;
    long[] remaining = new long[n];
    long[] reset = new long[n];
    for (int i = 0; i < n; i++) {
      GcraLimit limit = limits.get(i);
      long tat = Math.max(tats[i], now);
      long next = allowed ? tat + limit.intervalNanos() : tat;
      if (allowed) {
        tats[i] = next;
      }
      // Requests that would still fit now: the tolerance left, in whole intervals.
      long room = now + limit.toleranceNanos() + limit.intervalNanos() - next;
      remaining[i] = Math.max(0, room / limit.intervalNanos());
      reset[i] = Math.max(0, next - now);
    }
    return new RateDecision(allowed, remaining, reset, retryAfter);
  }

  /** Whether a key with these TATs is back to its initial state (and may be forgotten). */
  static boolean recovered(long[] tats, long now) {
    for (long tat : tats) {
      if (tat > now) {
        return false;
      }
    }
    return true;
  }
}
