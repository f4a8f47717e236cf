package dev.portico.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointHealthTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final OutlierDetector<String> outliers =
      new OutlierDetector<>(
          List.of("a", "b", "c"),
          new OutlierDetector.Settings(1, 1, Duration.ofSeconds(10), Duration.ofSeconds(10), 50),
          clock);
  private final HealthState aCheck = new HealthState(1, 1, true);
  private final EndpointHealth<String> health =
      new EndpointHealth<>(Map.of("a", aCheck)::get, outliers);

  @Test
  void healthyAndNotEjectedIsAcceptable() {
    assertThat(health.test("a")).isTrue();
  }

  @Test
  void activelyUnhealthyIsNotAcceptable() {
    aCheck.recordFailure();
    assertThat(health.test("a")).isFalse();
  }

  @Test
  void ejectedIsNotAcceptableUntilTheEjectionEnds() {
    outliers.report("b", OutlierDetector.Outcome.SERVER_ERROR);
    assertThat(health.test("b")).isFalse();
    clock.advance(Duration.ofSeconds(10));
    assertThat(health.test("b")).isTrue();
  }

  @Test
  void withoutChecksOrDetectorEverythingIsAcceptable() {
    assertThat(new EndpointHealth<String>(null, null).test("anything")).isTrue();
  }

  @Test
  void healthWorksAsABalancerPredicate() {
    aCheck.recordFailure();
    Balancer<String> balancer = Balancer.roundRobin(List.of("a", "b"), e -> 1);
    for (int i = 0; i < 10; i++) {
      assertThat(balancer.choose(health)).isEqualTo("b");
    }
  }
}
