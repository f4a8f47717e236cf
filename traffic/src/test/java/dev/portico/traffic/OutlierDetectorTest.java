package dev.portico.traffic;

import static dev.portico.traffic.OutlierDetector.Outcome.CONNECT_FAILURE;
import static dev.portico.traffic.OutlierDetector.Outcome.SERVER_ERROR;
import static dev.portico.traffic.OutlierDetector.Outcome.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutlierDetectorTest {

  private static final Duration BASE = Duration.ofSeconds(30);
  private static final OutlierDetector.Settings SETTINGS =
      new OutlierDetector.Settings(5, 3, BASE, Duration.ofSeconds(75), 50);
  private static final List<String> FOUR = List.of("a", "b", "c", "d");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final OutlierDetector<String> detector = new OutlierDetector<>(FOUR, SETTINGS, clock);

  @Test
  void fiveConsecutiveServerErrorsEject() {
    fail("a", SERVER_ERROR, 4);
    assertThat(detector.isEjected("a")).isFalse();
    fail("a", SERVER_ERROR, 1);
    assertThat(detector.isEjected("a")).isTrue();
  }

  @Test
  void consecutiveConnectFailuresHaveTheirOwnThreshold() {
    fail("a", CONNECT_FAILURE, 3);
    assertThat(detector.isEjected("a")).isTrue();
  }

  @Test
  void successResetsTheConsecutiveCount() {
    fail("a", SERVER_ERROR, 4);
    detector.report("a", SUCCESS);
    fail("a", SERVER_ERROR, 4);
    assertThat(detector.isEjected("a")).isFalse();
  }

  @Test
  void endpointReturnsWhenTheEjectionTimeHasPassed() {
    fail("a", SERVER_ERROR, 5);
    clock.advance(BASE.minusMillis(1));
    assertThat(detector.isEjected("a")).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(detector.isEjected("a")).isFalse();
  }

  @Test
  void ejectionTimeGrowsWithEachEjectionUpToTheMaximum() {
    assertThat(ejectionLength()).isEqualTo(BASE); // 1 × 30 s
    assertThat(ejectionLength()).isEqualTo(BASE.multipliedBy(2)); // 2 × 30 s
    assertThat(ejectionLength()).isEqualTo(Duration.ofSeconds(75)); // 3 × 30 s, capped at 75 s
    assertThat(detector.status("a").ejectionCount()).isEqualTo(3);
  }

  @Test
  void statusShowsTheEjectionAndWhenItEnds() {
    assertThat(detector.status("a")).isEqualTo(new OutlierDetector.Status(false, 0, null));
    fail("a", SERVER_ERROR, 5);
    var status = detector.status("a");
    assertThat(status.ejected()).isTrue();
    assertThat(status.ejectionCount()).isEqualTo(1);
    assertThat(status.ejectedUntil()).isEqualTo(clock.instant().plus(BASE));
  }

  @Test
  void noMoreThanMaxEjectionPercentAreEjectedAtOnce() {
    fail("a", SERVER_ERROR, 5);
    fail("b", SERVER_ERROR, 5);
    fail("c", SERVER_ERROR, 5);
    assertThat(FOUR.stream().filter(detector::isEjected)).containsExactly("a", "b");
    assertThat(detector.refusedEjections()).isEqualTo(1);
  }

  @Test
  void refusedEjectionHappensOnTheNextFailureOnceThereIsRoom() {
    fail("a", SERVER_ERROR, 5);
    fail("b", SERVER_ERROR, 5);
    fail("c", SERVER_ERROR, 5);
    clock.advance(BASE);
    fail("c", SERVER_ERROR, 1);
    assertThat(detector.isEjected("c")).isTrue();
    assertThat(detector.isEjected("a")).isFalse();
  }

  @Test
  void atLeastOneEndpointAlwaysRemains() {
    var all = new OutlierDetector<>(List.of("x", "y"), withPercent(100), clock);
    for (String endpoint : List.of("x", "y")) {
      for (int i = 0; i < 5; i++) {
        all.report(endpoint, SERVER_ERROR);
      }
    }
    assertThat(all.isEjected("x")).isTrue();
    assertThat(all.isEjected("y")).isFalse();
    var single = new OutlierDetector<>(List.of("only"), withPercent(100), clock);
    for (int i = 0; i < 5; i++) {
      single.report("only", SERVER_ERROR);
    }
    assertThat(single.isEjected("only")).isFalse();
  }

  @Test
  void unknownEndpointsAreIgnored() {
    fail("zz", SERVER_ERROR, 10);
    assertThat(detector.isEjected("zz")).isFalse();
  }

  @Test
  void invalidSettingsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> new OutlierDetector.Settings(0, 5, BASE, BASE, 50))
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new OutlierDetector.Settings(5, 5, BASE, Duration.ofSeconds(1), 50))
        .hasMessageContaining("shorter than the base");
    assertThatThrownBy(() -> new OutlierDetector.Settings(5, 5, BASE, BASE, 101))
        .hasMessageContaining("101 is not in 0..100");
    assertThatThrownBy(() -> new OutlierDetector.Settings(5, 5, Duration.ZERO, BASE, 10))
        .hasMessageContaining("not positive");
  }

  private Duration ejectionLength() {
    fail("a", SERVER_ERROR, 5);
    Duration length = Duration.between(clock.instant(), detector.status("a").ejectedUntil());
    clock.advance(length);
    assertThat(detector.isEjected("a")).isFalse();
    return length;
  }

  private static OutlierDetector.Settings withPercent(int percent) {
    return new OutlierDetector.Settings(5, 5, BASE, BASE, percent);
  }

  private void fail(String endpoint, OutlierDetector.Outcome outcome, int times) {
    for (int i = 0; i < times; i++) {
      detector.report(endpoint, outcome);
    }
  }
}
