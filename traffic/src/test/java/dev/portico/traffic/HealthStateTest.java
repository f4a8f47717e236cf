package dev.portico.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HealthStateTest {

  @Test
  void becomesUnhealthyAfterTheThresholdOfConsecutiveFailures() {
    HealthState state = new HealthState(2, 3, true);
    assertThat(state.recordFailure()).isFalse();
    assertThat(state.recordFailure()).isFalse();
    assertThat(state.isHealthy()).isTrue();
    assertThat(state.recordFailure()).isTrue();
    assertThat(state.isHealthy()).isFalse();
  }

  @Test
  void becomesHealthyAfterTheThresholdOfConsecutivePasses() {
    HealthState state = new HealthState(2, 3, false);
    assertThat(state.recordPass()).isFalse();
    assertThat(state.isHealthy()).isFalse();
    assertThat(state.recordPass()).isTrue();
    assertThat(state.isHealthy()).isTrue();
  }

  @Test
  void aResultOfTheOtherKindRestartsTheCount() {
    HealthState state = new HealthState(2, 2, true);
    state.recordFailure();
    state.recordPass();
    state.recordFailure();
    assertThat(state.isHealthy()).isTrue();
  }

  @Test
  void thresholdsBelowOneAreRejected() {
    assertThatThrownBy(() -> new HealthState(0, 1, true)).hasMessageContaining("healthy 0");
  }

  @Test
  void jitteredDelaysStayWithinIntervalPlusMinusJitterAndVary() {
    SplittableRandom random = new SplittableRandom(9);
    var schedule =
        new HealthCheckSchedule(Duration.ofSeconds(10), Duration.ofSeconds(1), () -> random);
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < 10_000; i++) {
      long delay = schedule.nextDelay().toMillis();
      min = Math.min(min, delay);
      max = Math.max(max, delay);
    }
    assertThat(min).isBetween(9_000L, 9_050L);
    assertThat(max).isBetween(10_950L, 11_000L);
  }

  @Test
  void withoutJitterTheDelayIsTheInterval() {
    var schedule =
        new HealthCheckSchedule(Duration.ofSeconds(5), Duration.ZERO, SplittableRandom::new);
    assertThat(schedule.nextDelay()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void jitterAsLargeAsTheIntervalIsRejected() {
    assertThatThrownBy(
            () ->
                new HealthCheckSchedule(
                    Duration.ofSeconds(1), Duration.ofSeconds(1), SplittableRandom::new))
        .hasMessageContaining("jitter PT1S is not in [0, interval PT1S)");
  }
}
