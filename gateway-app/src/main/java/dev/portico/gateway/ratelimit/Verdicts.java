package dev.portico.gateway.ratelimit;

import dev.portico.ratelimit.LimitSet;
import dev.portico.ratelimit.RateDecision;

/**
 * The decisions of one request's policies, by policy position, filled in as they arrive (possibly
 * from several threads, each into its own slot) and read once all have arrived; the completion of
 * the futures that filled them orders the writes before the reads.
 */
final class Verdicts {

  private final LimitSet[] limits;
  private final RateDecision[] decisions;
  private final boolean[] unavailable;

  Verdicts(int size) {
    limits = new LimitSet[size];
    decisions = new RateDecision[size];
    unavailable = new boolean[size];
  }

  void set(int index, LimitSet set, RateDecision decision, boolean storeUnavailable) {
    limits[index] = set;
    decisions[index] = decision;
    unavailable[index] = storeUnavailable;
  }

  int size() {
    return limits.length;
  }

  LimitSet limits(int index) {
    return limits[index];
  }

  RateDecision decision(int index) {
    return decisions[index];
  }

  boolean unavailable(int index) {
    return unavailable[index];
  }
}
