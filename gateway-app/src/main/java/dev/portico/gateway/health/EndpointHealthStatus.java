package dev.portico.gateway.health;

import java.net.URI;
import java.time.Instant;

/**
 * What the active checks know about one endpoint at one moment, for the admin API and logs.
 * Immutable.
 *
 * @param endpoint the endpoint's base URL as configured
 * @param healthy whether the checks currently consider it healthy
 * @param consecutivePasses checks passed in a row up to now (0 after a failure)
 * @param consecutiveFailures checks failed in a row up to now (0 after a pass)
 * @param lastCheck when the most recent check finished, {@code null} before the first
 * @param lastStatus the HTTP status of the most recent check, 0 when it got none (not checked yet,
 *     connection failed, timed out)
 * @param lastFailureReason why the most recent failed check failed (kept after later passes), e.g.
 *     {@code "HTTP 503 (expected 200-399)"} or {@code "timed out after 2000ms"}; {@code null} if no
 *     check has failed
 */
public record EndpointHealthStatus(
    URI endpoint,
    boolean healthy,
    int consecutivePasses,
    int consecutiveFailures,
    Instant lastCheck,
    int lastStatus,
    String lastFailureReason) {

  static EndpointHealthStatus unchecked(URI endpoint, boolean healthy) {
    return new EndpointHealthStatus(endpoint, healthy, 0, 0, null, 0, null);
  }

  /** The status after {@code outcome}, which left the endpoint {@code nowHealthy}. */
  EndpointHealthStatus after(CheckOutcome outcome, boolean nowHealthy, Instant at) {
    return outcome.passed()
        ? new EndpointHealthStatus(
            endpoint, nowHealthy, consecutivePasses + 1, 0, at, outcome.status(), lastFailureReason)
        : new EndpointHealthStatus(
            endpoint,
            nowHealthy,
            0,
            consecutiveFailures + 1,
            at,
            outcome.status(),
            outcome.failureReason());
  }
}
