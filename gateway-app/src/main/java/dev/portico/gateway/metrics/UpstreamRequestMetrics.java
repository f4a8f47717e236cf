package dev.portico.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-attempt upstream meters, by upstream name and endpoint (the configured or discovered endpoint
 * URL, the same tag as {@code portico_upstream_endpoint_ejected}):
 *
 * <ul>
 *   <li>{@code portico_upstream_requests_seconds{upstream, endpoint, outcome}} (timer with {@link
 *       LatencyBuckets} histogram): from sending the request until the response headers arrive (or
 *       the attempt fails). {@code outcome} is the status class ({@code 2xx} … {@code 5xx}), an
 *       error kind below, or {@code cancelled} when the client left first;
 *   <li>{@code portico_upstream_errors_total{upstream, endpoint, kind}}: failed attempts, {@code
 *       kind} one of {@code connect_failure}, {@code timeout}, {@code reset}, {@code
 *       pool_exhausted}, {@code 5xx}, {@code other}.
 * </ul>
 *
 * Retries are separate attempts, each counted. Thread-safe.
 */
public final class UpstreamRequestMetrics {

  static final String REQUESTS = "portico.upstream.requests";
  static final String ERRORS = "portico.upstream.errors";

  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();

  public UpstreamRequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** An attempt that got a response with {@code status}. */
  public void responded(String upstream, String endpoint, int status, long nanos) {
    String statusClass = Tags.statusClass(status);
    time(upstream, endpoint, statusClass, nanos);
    if (status >= 500) {
      error(upstream, endpoint, "5xx");
    }
  }

  /** An attempt that failed without a response; {@code kind} is one of the error kinds. */
  public void failed(String upstream, String endpoint, String kind, long nanos) {
    time(upstream, endpoint, kind, nanos);
    error(upstream, endpoint, kind);
  }

  /** An attempt abandoned because the client went away: timed, not an upstream error. */
  public void cancelled(String upstream, String endpoint, long nanos) {
    time(upstream, endpoint, "cancelled", nanos);
  }

  private void time(String upstream, String endpoint, String outcome, long nanos) {
    timers
        .computeIfAbsent(
            upstream + '\u0000' + endpoint + '\u0000' + outcome,
            k ->
                Timer.builder(REQUESTS)
                    .description("Attempts sent to upstream endpoints, until response headers")
                    .tag("upstream", upstream)
                    .tag("endpoint", endpoint)
                    .tag("outcome", outcome)
                    .serviceLevelObjectives(LatencyBuckets.SLO)
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private void error(String upstream, String endpoint, String kind) {
    errors
        .computeIfAbsent(
            upstream + '\u0000' + endpoint + '\u0000' + kind,
            k ->
                Counter.builder(ERRORS)
                    .description("Failed attempts to upstream endpoints, by kind")
                    .tag("upstream", upstream)
                    .tag("endpoint", endpoint)
                    .tag("kind", kind)
                    .register(registry))
        .increment();
  }
}
