package dev.portico.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DiscoveredEndpointTest {

  private static DiscoveredEndpoint srv(String host, int priority, int weight) {
    return new DiscoveredEndpoint(host, 8080, "http", weight, priority, "t.example");
  }

  @Test
  void lowestPriorityKeepsOnlyTheMostPreferredGroup() {
    List<DiscoveredEndpoint> endpoints =
        List.of(srv("10.0.0.1", 20, 5), srv("10.0.0.2", 10, 60), srv("10.0.0.3", 10, 0));

    assertThat(DiscoveredEndpoint.lowestPriority(endpoints))
        .containsExactly(srv("10.0.0.2", 10, 60), srv("10.0.0.3", 10, 0));
  }

  @Test
  void lowestPriorityOfNothingIsNothing() {
    assertThat(DiscoveredEndpoint.lowestPriority(List.of())).isEmpty();
  }

  @Test
  void orderIsPriorityThenIpv4BeforeIpv6ThenNumericAddress() {
    List<DiscoveredEndpoint> sorted =
        Stream.of(
                srv("fd00::1", 0, 1),
                srv("10.0.0.10", 0, 1),
                srv("10.0.0.9", 0, 1),
                srv("10.0.0.1", 5, 1))
            .sorted(DiscoveredEndpoint.ORDER)
            .toList();

    assertThat(sorted)
        .extracting(DiscoveredEndpoint::id)
        .containsExactly("10.0.0.9:8080", "10.0.0.10:8080", "[fd00::1]:8080", "10.0.0.1:8080");
  }

  @Test
  void srvWeightZeroCountsAsOneForABalancer() {
    assertThat(srv("10.0.0.1", 0, 0).balancerWeight()).isEqualTo(1);
    assertThat(srv("10.0.0.1", 0, 40).balancerWeight()).isEqualTo(40);
  }
}
