package dev.portico.traffic;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Whether an endpoint may take traffic: its active health check says healthy (or it has none) and
 * outlier detection has not ejected it (or there is none). Use it as the balancers' {@code
 * acceptable} predicate, combined with the request's "not yet tried". Reads only lock-free state;
 * thread-safe.
 */
public final class EndpointHealth<T> implements Predicate<T> {

  private final Function<? super T, HealthState> activeChecks;
  private final OutlierDetector<T> outliers;

  /**
   * @param activeChecks the endpoint's health-check state, {@code null} (as function or as result)
   *     when it is not actively checked
   * @param outliers the upstream's outlier detector, {@code null} when disabled
   */
  public EndpointHealth(
      Function<? super T, HealthState> activeChecks, OutlierDetector<T> outliers) {
    this.activeChecks = activeChecks;
    this.outliers = outliers;
  }

  @Override
  public boolean test(T endpoint) {
    HealthState state = activeChecks == null ? null : activeChecks.apply(endpoint);
    if (state != null && !state.isHealthy()) {
      return false;
    }
    return outliers == null || !outliers.isEjected(endpoint);
  }
}
