package dev.portico.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.portico.testing.MutableClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RouteSeriesTest {

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final MutableClock clock = new MutableClock(TrafficFiguresTest.START);
  final RouteSeries series = new RouteSeries(new TrafficFigures(registry, clock), clock);

  Timer timer(String route, String status) {
    return Timer.builder(TrafficFigures.REQUESTS)
        .tags(TrafficFigures.ROUTE_TAG, route, "method", "GET", TrafficFigures.STATUS_TAG, status)
        .serviceLevelObjectives(
            Duration.ofMillis(5),
            Duration.ofMillis(10),
            Duration.ofMillis(50),
            Duration.ofMillis(500))
        .register(registry);
  }

  @Test
  void eachRouteGetsItsOwnRateErrorShareAndLatencyPerInterval() {
    timer("orders", "2xx").record(Duration.ofMillis(1)); // before the first sample: not counted
    series.sample();
    for (int i = 0; i < 10; i++) {
      timer("orders", "2xx").record(Duration.ofMillis(3));
    }
    for (int i = 0; i < 2; i++) {
      timer("catalog", "2xx").record(Duration.ofMillis(200));
      timer("catalog", "5xx").record(Duration.ofMillis(200));
    }
    clock.advance(RouteSeries.INTERVAL);
    series.sample();

    RouteSeries.Point orders = series.series("orders").points().get(0);
    RouteSeries.Point catalog = series.series("catalog").points().get(0);
    assertThat(orders.atMillis()).isEqualTo(clock.millis());
    assertThat(orders.requests()).isEqualTo(10);
    assertThat(orders.requestsPerSecond()).isCloseTo(2.0, within(1e-9));
    assertThat(orders.errorRate()).isZero();
    assertThat(orders.p99Ms()).isBetween(0.0, 5.0);
    assertThat(catalog.requestsPerSecond()).isCloseTo(0.8, within(1e-9));
    assertThat(catalog.errorRate()).isEqualTo(0.5);
    assertThat(catalog.p50Ms()).isBetween(50.0, 500.0);

    // A quiet interval: no requests, so no error share and no latency.
    clock.advance(RouteSeries.INTERVAL);
    series.sample();
    RouteSeries.Point quiet = series.series("orders").points().get(1);
    assertThat(quiet.requestsPerSecond()).isZero();
    assertThat(quiet.errorRate()).isNull();
    assertThat(quiet.p50Ms()).isNull();
  }

  @Test
  void aRouteKeepsAtMostTheLastPointsAndUnknownRoutesHaveNone() {
    series.sample();
    for (int i = 0; i < RouteSeries.POINTS + 7; i++) {
      timer("orders", "2xx").record(Duration.ofMillis(3));
      clock.advance(RouteSeries.INTERVAL);
      series.sample();
    }
    RouteSeries.Series orders = series.series("orders");
    assertThat(orders.points()).hasSize(RouteSeries.POINTS);
    assertThat(orders.points().get(RouteSeries.POINTS - 1).atMillis()).isEqualTo(clock.millis());
    assertThat(orders.intervalSeconds()).isEqualTo(5);
    assertThat(series.known("orders")).isTrue();
    assertThat(series.known("nowhere")).isFalse();
    assertThat(series.series("nowhere").points()).isEmpty();
  }
}
