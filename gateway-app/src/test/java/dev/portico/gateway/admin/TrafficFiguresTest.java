package dev.portico.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.MutableClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TrafficFiguresTest {

  static final Instant START = Instant.parse("2026-11-27T16:00:00Z");

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final MutableClock clock = new MutableClock(START);
  final TrafficFigures figures = new TrafficFigures(registry, clock);

  /** A timer like Portico's request metric: fixed SLO buckets, status classes. */
  Timer timer(String route, String status) {
    return Timer.builder(TrafficFigures.REQUESTS)
        .tags(TrafficFigures.ROUTE_TAG, route, "method", "GET", TrafficFigures.STATUS_TAG, status)
        .serviceLevelObjectives(
            Duration.ofMillis(5),
            Duration.ofMillis(10),
            Duration.ofMillis(25),
            Duration.ofMillis(50),
            Duration.ofMillis(100))
        .register(registry);
  }

  @Test
  void withoutTheTimerThereAreNoRoutesAndNoRequests() {
    TrafficFigures.Sample sample = figures.sample();
    assertThat(sample.routes()).isEmpty();
    assertThat(sample.total().requests()).isZero();
    assertThat(sample.total().meanMs()).isNull();
    assertThat(sample.total().p50Ms()).isNull();
  }

  @Test
  void countsAddUpPerRouteAndFiveHundredsAreErrors() {
    timer("orders", "2xx").record(Duration.ofMillis(10));
    timer("orders", "2xx").record(Duration.ofMillis(30));
    timer("orders", "5xx").record(Duration.ofMillis(20));
    timer("catalog", "4xx").record(Duration.ofMillis(5));

    TrafficFigures.Sample sample = figures.sample();

    assertThat(sample.atMillis()).isEqualTo(START.toEpochMilli());
    assertThat(sample.routes())
        .extracting(TrafficFigures.Figures::route)
        .containsExactly("catalog", "orders");
    TrafficFigures.Figures orders = sample.routes().get(1);
    assertThat(orders.requests()).isEqualTo(3);
    assertThat(orders.errors()).isEqualTo(1);
    assertThat(orders.meanMs()).isEqualTo(20.0);
    assertThat(orders.p50Ms()).as("the median is in the 10-25 ms bucket").isBetween(10.0, 25.0);
    assertThat(orders.p99Ms()).as("the slowest is in the 25-50 ms bucket").isBetween(25.0, 50.0);
    assertThat(sample.total().requests()).isEqualTo(4);
    assertThat(sample.total().errors()).isEqualTo(1);
  }

  @Test
  void percentilesDescribeTheLastWindowNotTheWholeRun() {
    Timer orders = timer("orders", "2xx");
    for (int i = 0; i < 100; i++) {
      orders.record(Duration.ofMillis(3));
    }
    assertThat(figures.sample().total().p50Ms()).isBetween(0.0, 5.0);

    clock.advance(TrafficFigures.WINDOW.plusSeconds(1));
    for (int i = 0; i < 100; i++) {
      orders.record(Duration.ofMillis(40));
    }
    TrafficFigures.Figures total = figures.sample().total();

    assertThat(total.p50Ms()).as("only the slow requests of the window").isBetween(25.0, 50.0);
    assertThat(total.requests()).as("counts stay cumulative").isEqualTo(200);

    clock.advance(TrafficFigures.WINDOW.plusSeconds(1));
    assertThat(figures.sample().total().p50Ms()).as("a quiet window has no percentiles").isNull();
  }

  @Test
  void requestsAboveTheHighestBucketReportItsBound() {
    timer("slow", "2xx").record(Duration.ofSeconds(3));

    assertThat(figures.sample().total().p99Ms()).isEqualTo(100.0);
  }
}
