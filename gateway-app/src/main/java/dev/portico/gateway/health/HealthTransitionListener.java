package dev.portico.gateway.health;

/**
 * Told when an endpoint's checks turn it unhealthy or healthy again: once per transition, never per
 * check. Called on the checker's scheduler thread, one call at a time per endpoint; it must return
 * quickly and must not block (rebuild a balancer or locality plan, then return). An exception is
 * logged and does not stop the checks.
 */
@FunctionalInterface
public interface HealthTransitionListener {

  /** A listener that does nothing. */
  HealthTransitionListener NONE = (endpointId, status) -> {};

  /**
   * @param endpointId the endpoint's id as given to {@link ActiveHealthChecker#update}
   * @param status the endpoint's status just after the transition ({@link
   *     EndpointHealthStatus#healthy()} is the new state)
   */
  void healthChanged(String endpointId, EndpointHealthStatus status);
}
