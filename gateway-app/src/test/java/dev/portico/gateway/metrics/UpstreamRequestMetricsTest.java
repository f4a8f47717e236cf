package dev.portico.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class UpstreamRequestMetricsTest {

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final UpstreamRequestMetrics metrics = new UpstreamRequestMetrics(registry);

  @Test
  void a5xxResponseIsTimedAndCountedAsAnError() {
    metrics.responded("app", "http://a:1", 502, 1_000_000);
    metrics.responded("app", "http://a:1", 200, 1_000_000);

    assertThat(timerCount("5xx")).isEqualTo(1);
    assertThat(timerCount("2xx")).isEqualTo(1);
    assertThat(errors("5xx")).isEqualTo(1);
  }

  @Test
  void aFailureIsTimedUnderItsKindAndCounted() {
    metrics.failed("app", "http://a:1", "connect_failure", 1_000_000);

    assertThat(timerCount("connect_failure")).isEqualTo(1);
    assertThat(errors("connect_failure")).isEqualTo(1);
  }

  @Test
  void aCancelledAttemptIsNotAnError() {
    metrics.cancelled("app", "http://a:1", 1_000_000);

    assertThat(timerCount("cancelled")).isEqualTo(1);
    assertThat(registry.find(UpstreamRequestMetrics.ERRORS).counters()).isEmpty();
  }

  @Test
  void theHistogramHasTheServiceLevelBuckets() {
    metrics.responded("app", "http://a:1", 200, 30_000_000);

    var snapshot =
        registry.find(UpstreamRequestMetrics.REQUESTS).tag("outcome", "2xx").timer().takeSnapshot();
    assertThat(snapshot.histogramCounts()).hasSize(LatencyBuckets.SLO.length);
    // 30ms is above the 5, 10 and 25ms buckets and within the 50ms one.
    assertThat(snapshot.histogramCounts()[2].count()).isZero();
    assertThat(snapshot.histogramCounts()[3].count()).isEqualTo(1);
  }

  private long timerCount(String outcome) {
    return registry
        .get(UpstreamRequestMetrics.REQUESTS)
        .tags("upstream", "app", "endpoint", "http://a:1", "outcome", outcome)
        .timer()
        .count();
  }

  private double errors(String kind) {
    return registry
        .get(UpstreamRequestMetrics.ERRORS)
        .tags("upstream", "app", "endpoint", "http://a:1", "kind", kind)
        .counter()
        .count();
  }
}
