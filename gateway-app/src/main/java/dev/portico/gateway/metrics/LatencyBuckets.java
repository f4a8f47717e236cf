package dev.portico.gateway.metrics;

import java.time.Duration;

/**
 * The latency histogram buckets of Portico's timers: a dozen fixed service-level boundaries from
 * 5ms to 10s, so p50/p95/p99 and SLO ratios can be computed with {@code histogram_quantile} without
 * the hundreds of series Micrometer's default percentile histogram would add per route.
 */
final class LatencyBuckets {

  static final Duration[] SLO = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  private LatencyBuckets() {}
}
