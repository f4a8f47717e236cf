package dev.portico.config.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @Test
  void parsesEachUnit() {
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
  }

  @Test
  void parsesCompoundDurationsAsTheSumOfTheirParts() {
    assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("1s500ms")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void parsesDecimalFractions() {
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("0.25ms")).isEqualTo(Duration.ofNanos(250_000));
  }

  @Test
  void parsesZero() {
    assertThat(Durations.parse("0s")).isZero();
  }

  @Test
  void ignoresSurroundingWhitespace() {
    assertThat(Durations.parse(" 2s ")).isEqualTo(Duration.ofSeconds(2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"5 sec", "-1s", "5", "1.5", "1h30", "s", "", "2S", "1,5s", "PT5S", "1w"})
  void rejectsTextThatIsNotADurationNamingTheExpectedSyntax(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse(text))
        .withMessage("'" + text + "' is not a duration (expected e.g. 250ms, 2s, 1m, 1h30m)");
  }

  @Test
  void rejectsADurationTooLongToRepresentInsteadOfWrappingAround() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse("200000d"))
        .withMessage("'200000d' is too long (at most 106751d)");
  }

  @Test
  void acceptsTheLongestRepresentableDuration() {
    assertThat(Durations.parse("106751d")).isEqualTo(Duration.ofDays(106751));
  }

  @ParameterizedTest
  @CsvSource({
    "PT0S, 0s",
    "PT0.25S, 250ms",
    "PT2S, 2s",
    "PT1M30S, 1m30s",
    "PT1H30M, 1h30m",
    "PT1.5S, 1s500ms",
    "PT25H, 25h",
    "PT0.00025S, 0.25ms",
    "PT1.0015S, 1s1.5ms"
  })
  void formatsInTheConfigurationSyntax(String iso, String expected) {
    assertThat(Durations.format(Duration.parse(iso))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "250ms", "1m30s", "1h30m", "25h", "0.25ms", "1s1.5ms", "3d"})
  void formatThenParseGivesTheSameDuration(String text) {
    Duration parsed = Durations.parse(text);

    assertThat(Durations.parse(Durations.format(parsed))).isEqualTo(parsed);
  }
}
