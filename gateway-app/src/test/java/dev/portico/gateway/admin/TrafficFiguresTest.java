package dev.portico.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TrafficFiguresTest {

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final TrafficFigures figures =
      new TrafficFigures(
          registry, Clock.fixed(Instant.parse("2026-11-27T16:00:00Z"), ZoneOffset.UTC));

  Timer timer(String route, String status) {
    return Timer.builder(TrafficFigures.REQUESTS)
        .tags(TrafficFigures.ROUTE_TAG, route, "status", status)
        .publishPercentiles(0.5, 0.99)
        .register(registry);
  }

  @Test
  void withoutTheTimerThereAreNoRoutesAndNoRequests() {
    TrafficFigures.Sample sample = figures.sample();
    assertThat(sample.routes()).isEmpty();
    assertThat(sample.total().requests()).isZero();
    assertThat(sample.total().meanMs()).isNull();
  }

  @Test
  void countsAddUpPerRouteAndFiveHundredsAreErrors() {
    timer("orders", "200").record(Duration.ofMillis(10));
    timer("orders", "200").record(Duration.ofMillis(30));
    timer("orders", "503").record(Duration.ofMillis(20));
    timer("catalog", "404").record(Duration.ofMillis(5));

    TrafficFigures.Sample sample = figures.sample();

    assertThat(sample.atMillis()).isEqualTo(Instant.parse("2026-11-27T16:00:00Z").toEpochMilli());
    assertThat(sample.routes())
        .extracting(TrafficFigures.Figures::route)
        .containsExactly("catalog", "orders");
    TrafficFigures.Figures orders = sample.routes().get(1);
    assertThat(orders.requests()).isEqualTo(3);
    assertThat(orders.errors()).isEqualTo(1);
    assertThat(orders.meanMs()).isEqualTo(20.0);
    assertThat(orders.p99Ms()).isNotNull().isPositive();
    assertThat(sample.total().requests()).isEqualTo(4);
    assertThat(sample.total().errors()).isEqualTo(1);
  }
}
