package dev.portico.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EndpointLoadTest {

  @Test
  void inFlightCountsStartedMinusFinished() {
    EndpointLoad load = new EndpointLoad();
    load.started();
    load.started();
    load.finished(1, true);
    assertThat(load.inFlight()).isEqualTo(1);
  }

  @Test
  void firstSampleSetsTheAverageThenDecayWeighsOldAgainstNew() {
    EndpointLoad load = new EndpointLoad(0.5);
    assertThat(load.latencyEwmaNanos()).isNaN();
    load.finished(100, true);
    assertThat(load.latencyEwmaNanos()).isEqualTo(100.0);
    load.finished(300, true);
    assertThat(load.latencyEwmaNanos()).isCloseTo(200.0, within(1e-9));
  }

  @Test
  void aFastFailureDoesNotLowerTheAverage() {
    EndpointLoad load = new EndpointLoad(0.5);
    load.finished(1_000, true);
    load.finished(1, false);
    assertThat(load.latencyEwmaNanos()).isEqualTo(1_000.0);
  }

  @Test
  void unbalancedFinishDoesNotMakeInFlightNegative() {
    EndpointLoad load = new EndpointLoad();
    load.finished(1, true);
    assertThat(load.inFlight()).isZero();
  }

  @Test
  void decayOutsideZeroToOneIsRejected() {
    assertThatThrownBy(() -> new EndpointLoad(1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("decay: 1.0");
  }
}
