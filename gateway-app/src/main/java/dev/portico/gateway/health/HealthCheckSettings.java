package dev.portico.gateway.health;

import java.time.Duration;
import java.util.Objects;

/**
 * How one upstream's endpoints are actively checked. Immutable; validated on construction, so a
 * checker never sees an impossible combination.
 *
 * @param path the request path, joined to each endpoint's base path ({@code http://h:8080/base}
 *     with {@code /health} is checked at {@code /base/health}); starts with {@code /}, may carry a
 *     query
 * @param interval the mean time from the end of one check of an endpoint to the start of the next
 * @param jitter each delay is {@code interval ± jitter}, uniform; {@code 0 ≤ jitter < interval}
 * @param timeout the longest a check may take, connecting and reading the whole response included;
 *     a slower check fails
 * @param healthyThreshold passes in a row that make an unhealthy endpoint healthy, at least 1
 * @param unhealthyThreshold failures in a row that make a healthy endpoint unhealthy, at least 1
 * @param expectedStatuses the statuses that pass; any other status fails the check
 * @param host the {@code Host} header to send, or {@code null} for the endpoint's own host:port
 * @param initiallyHealthy the state of an endpoint before its checks have decided: {@code true}
 *     (the default) lets traffic flow at once, so a restart or reload never rejects traffic while
 *     the first checks run; {@code false} holds an endpoint back until it passes {@code
 *     healthyThreshold} checks
 */
public record HealthCheckSettings(
    String path,
    Duration interval,
    Duration jitter,
    Duration timeout,
    int healthyThreshold,
    int unhealthyThreshold,
    StatusRanges expectedStatuses,
    String host,
    boolean initiallyHealthy) {

  /**
   * {@code /health} every 10s ± 1s with a 2s timeout; healthy after 2 passes, unhealthy after 3
   * failures; statuses 200-399 pass; the endpoint's own Host; initially healthy.
   */
  public static final HealthCheckSettings DEFAULTS =
      new HealthCheckSettings(
          "/health",
          Duration.ofSeconds(10),
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          2,
          3,
          StatusRanges.DEFAULT,
          null,
          true);

  /**
   * @throws IllegalArgumentException naming the setting and the expectation when a value is out of
   *     range
   */
  public HealthCheckSettings {
    Objects.requireNonNull(path, "health-check.path");
    Objects.requireNonNull(interval, "health-check.interval");
    Objects.requireNonNull(jitter, "health-check.jitter");
    Objects.requireNonNull(timeout, "health-check.timeout");
    Objects.requireNonNull(expectedStatuses, "health-check.expected-statuses");
    if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == '#')) {
      fail("path", "'" + path + "' is not a path (expected e.g. /healthz)");
    }
    if (interval.isNegative() || interval.isZero()) {
      fail("interval", text(interval) + " is not positive (expected e.g. 10s)");
    }
    if (jitter.isNegative() || jitter.compareTo(interval) >= 0) {
      fail("jitter", text(jitter) + " is not in [0, interval " + text(interval) + ")");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      fail("timeout", text(timeout) + " is not positive (expected e.g. 2s)");
    }
    if (healthyThreshold < 1) {
      fail("healthy-threshold", healthyThreshold + " is less than 1");
    }
    if (unhealthyThreshold < 1) {
      fail("unhealthy-threshold", unhealthyThreshold + " is less than 1");
    }
    if (host != null && (host.isBlank() || host.chars().anyMatch(c -> c <= ' '))) {
      fail("host", "'" + host + "' is not a host name (expected e.g. api.internal)");
    }
  }

  private static String text(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  private static void fail(String setting, String problem) {
    throw new IllegalArgumentException("health-check." + setting + ": " + problem);
  }

  /** These settings with another path. */
  public HealthCheckSettings withPath(String newPath) {
    return new HealthCheckSettings(
        newPath,
        interval,
        jitter,
        timeout,
        healthyThreshold,
        unhealthyThreshold,
        expectedStatuses,
        host,
        initiallyHealthy);
  }

  /** These settings with other timing. */
  public HealthCheckSettings withTiming(
      Duration newInterval, Duration newJitter, Duration newTimeout) {
    return new HealthCheckSettings(
        path,
        newInterval,
        newJitter,
        newTimeout,
        healthyThreshold,
        unhealthyThreshold,
        expectedStatuses,
        host,
        initiallyHealthy);
  }

  /** These settings with other thresholds. */
  public HealthCheckSettings withThresholds(int healthy, int unhealthy) {
    return new HealthCheckSettings(
        path,
        interval,
        jitter,
        timeout,
        healthy,
        unhealthy,
        expectedStatuses,
        host,
        initiallyHealthy);
  }

  /** These settings with other expected statuses. */
  public HealthCheckSettings withExpectedStatuses(StatusRanges statuses) {
    return new HealthCheckSettings(
        path,
        interval,
        jitter,
        timeout,
        healthyThreshold,
        unhealthyThreshold,
        statuses,
        host,
        initiallyHealthy);
  }

  /** These settings with another Host header ({@code null}: the endpoint's own). */
  public HealthCheckSettings withHost(String newHost) {
    return new HealthCheckSettings(
        path,
        interval,
        jitter,
        timeout,
        healthyThreshold,
        unhealthyThreshold,
        expectedStatuses,
        newHost,
        initiallyHealthy);
  }

  /** These settings with another initial state. */
  public HealthCheckSettings withInitiallyHealthy(boolean healthy) {
    return new HealthCheckSettings(
        path,
        interval,
        jitter,
        timeout,
        healthyThreshold,
        unhealthyThreshold,
        expectedStatuses,
        host,
        healthy);
  }
}
