package dev.portico.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthCheckSettingsTest {

  private static final HealthCheckSettings DEFAULTS = HealthCheckSettings.DEFAULTS;

  @Test
  void defaultsCheckHealthEveryTenSecondsAndStartHealthy() {
    assertThat(DEFAULTS.path()).isEqualTo("/health");
    assertThat(DEFAULTS.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(DEFAULTS.jitter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(DEFAULTS.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(DEFAULTS.healthyThreshold()).isEqualTo(2);
    assertThat(DEFAULTS.unhealthyThreshold()).isEqualTo(3);
    assertThat(DEFAULTS.expectedStatuses()).hasToString("200-399");
    assertThat(DEFAULTS.host()).isNull();
    assertThat(DEFAULTS.initiallyHealthy()).isTrue();
  }

  @Test
  void pathMustBeAbsolute() {
    assertThatThrownBy(() -> DEFAULTS.withPath("health"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("health-check.path: 'health' is not a path (expected e.g. /healthz)");
  }

  @Test
  void jitterMustBeSmallerThanTheInterval() {
    assertThatThrownBy(
            () ->
                DEFAULTS.withTiming(
                    Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .hasMessage("health-check.jitter: 1s is not in [0, interval 1s)");
  }

  @Test
  void timeoutMustBePositive() {
    assertThatThrownBy(
            () -> DEFAULTS.withTiming(Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO))
        .hasMessage("health-check.timeout: 0s is not positive (expected e.g. 2s)");
  }

  @Test
  void thresholdsMustBeAtLeastOne() {
    assertThatThrownBy(() -> DEFAULTS.withThresholds(2, 0))
        .hasMessage("health-check.unhealthy-threshold: 0 is less than 1");
    assertThatThrownBy(() -> DEFAULTS.withThresholds(0, 3))
        .hasMessage("health-check.healthy-threshold: 0 is less than 1");
  }

  @Test
  void hostOverrideMustBeAHostName() {
    assertThatThrownBy(() -> DEFAULTS.withHost(" "))
        .hasMessage("health-check.host: ' ' is not a host name (expected e.g. api.internal)");
    assertThat(DEFAULTS.withHost("api.internal").host()).isEqualTo("api.internal");
  }
}
