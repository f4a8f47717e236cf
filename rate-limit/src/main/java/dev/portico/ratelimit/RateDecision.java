package dev.portico.ratelimit;

/**
 * The outcome of one rate-limit check.
 *
 * @param allowed whether the request is admitted (and counted)
 * @param remaining per limit: how many more requests would be admitted right now
 * @param resetNanos per limit: time until the limit has fully recovered (its quota is whole again)
 * @param retryAfterNanos when refused: the time after which the request would be admitted; 0 when
 *     allowed
 */
public record RateDecision(
    boolean allowed, long[] remaining, long[] resetNanos, long retryAfterNanos) {

  /** A request that was not counted at all (the store had no room for its key). */
  static RateDecision unlimited(int limits) {
    long[] remaining = new long[limits];
    java.util.Arrays.fill(remaining, -1);
    return new RateDecision(true, remaining, new long[limits], 0);
  }

  /** A request refused without a count behind it (the store could not be asked). */
  static RateDecision refused(int limits) {
    long[] remaining = new long[limits];
    java.util.Arrays.fill(remaining, -1);
    return new RateDecision(false, remaining, new long[limits], 0);
  }

  /** Whether the request was decided without being counted. */
  public boolean uncounted() {
    return remaining.length > 0 && remaining[0] < 0;
  }
}
