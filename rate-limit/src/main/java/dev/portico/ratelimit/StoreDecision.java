package dev.portico.ratelimit;

import dev.portico.config.model.StoreFailureMode;

/**
 * A decision for a limit kept in a shared store.
 *
 * @param decision the outcome; when {@code fallback} is {@link StoreFailureMode#CLOSED} it refuses
 *     and the request must be answered with 503 rather than 429
 * @param fallback null when the store answered; otherwise the failure mode that decided
 */
public record StoreDecision(RateDecision decision, StoreFailureMode fallback) {

  /** Whether the store could not be asked and the policy fails closed. */
  public boolean storeUnavailable() {
    return fallback == StoreFailureMode.CLOSED;
  }
}
