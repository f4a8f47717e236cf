package dev.portico.traffic;

/**
 * The active health-check state of one endpoint: it becomes healthy after {@code healthyThreshold}
 * passes in a row and unhealthy after {@code unhealthyThreshold} failures in a row; a result of the
 * other kind restarts the count. Recording is synchronized (one checker per endpoint, a few times a
 * second); {@link #isHealthy} is a lock-free volatile read for the request path.
 */
public final class HealthState {

  private final int healthyThreshold;
  private final int unhealthyThreshold;
  private volatile boolean healthy;
  private int streak; // consecutive results against the current state; guarded by this

  /**
   * @param healthyThreshold passes in a row to become healthy, at least 1
   * @param unhealthyThreshold failures in a row to become unhealthy, at least 1
   * @param initiallyHealthy the state before any check (healthy: traffic flows at once; unhealthy:
   *     an endpoint must pass {@code healthyThreshold} checks first)
   */
  public HealthState(int healthyThreshold, int unhealthyThreshold, boolean initiallyHealthy) {
    if (healthyThreshold < 1 || unhealthyThreshold < 1) {
      throw new IllegalArgumentException(
          "health check thresholds must be at least 1 (healthy "
              + healthyThreshold
              + ", unhealthy "
              + unhealthyThreshold
              + ")");
    }
    this.healthyThreshold = healthyThreshold;
    this.unhealthyThreshold = unhealthyThreshold;
    this.healthy = initiallyHealthy;
  }

  /** Records a passed check; true when this made the endpoint healthy. */
  public synchronized boolean recordPass() {
    return record(true);
  }

  /** Records a failed check; true when this made the endpoint unhealthy. */
  public synchronized boolean recordFailure() {
    return record(false);
  }

  private boolean record(boolean passed) {
    if (passed == healthy) {
      streak = 0;
      return false;
    }
    streak++;
    if (streak < (passed ? healthyThreshold : unhealthyThreshold)) {
      return false;
    }
    healthy = passed;
    streak = 0;
    return true;
  }

  /** The current state. */
  public boolean isHealthy() {
    return healthy;
  }
}
