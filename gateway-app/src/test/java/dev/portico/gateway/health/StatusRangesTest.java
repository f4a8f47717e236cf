package dev.portico.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatusRangesTest {

  @Test
  void rangesAndSingleStatusesAreInclusive() {
    StatusRanges ranges = StatusRanges.parse(List.of("200-299", " 404 "));

    assertThat(ranges.contains(200)).isTrue();
    assertThat(ranges.contains(299)).isTrue();
    assertThat(ranges.contains(404)).isTrue();
    assertThat(ranges.contains(199)).isFalse();
    assertThat(ranges.contains(300)).isFalse();
    assertThat(ranges.contains(403)).isFalse();
    assertThat(ranges).hasToString("200-299,404");
  }

  @Test
  void defaultAcceptsSuccessAndRedirectionOnly() {
    assertThat(StatusRanges.DEFAULT.contains(204)).isTrue();
    assertThat(StatusRanges.DEFAULT.contains(302)).isTrue();
    assertThat(StatusRanges.DEFAULT.contains(400)).isFalse();
    assertThat(StatusRanges.DEFAULT.contains(503)).isFalse();
  }

  @Test
  void entryThatIsNotAStatusIsRejectedWithItsIndex() {
    assertThatThrownBy(() -> StatusRanges.parse(List.of("200", "2xx")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "expected-statuses[1]: '2xx' is not a status or range of statuses in 100-599"
                + " (expected e.g. 200, 200-299)");
  }

  @Test
  void statusOutsideHttpRangeIsRejected() {
    assertThatThrownBy(() -> StatusRanges.parse(List.of("200-600")))
        .hasMessageStartingWith("expected-statuses[0]: '200-600' is not a status");
  }

  @Test
  void reversedRangeIsRejected() {
    assertThatThrownBy(() -> StatusRanges.parse(List.of("299-200")))
        .hasMessage("expected-statuses[0]: '299-200' is a reversed range (expected low-high)");
  }

  @Test
  void emptyListIsRejected() {
    assertThatThrownBy(() -> StatusRanges.parse(List.of()))
        .hasMessage("expected-statuses: is empty (expected e.g. [\"200-399\"])");
  }
}
