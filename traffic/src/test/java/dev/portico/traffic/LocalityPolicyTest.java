package dev.portico.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalityPolicyTest {

  private final LocalityPolicy policy =
      new LocalityPolicy("eu-west", "eu-west-1a", List.of("eu-central", "us-east"));

  @Test
  void levelsAreZoneThenRegionThenFailoverRegionsInOrderThenTheRest() {
    assertThat(policy.levelCount()).isEqualTo(5);
    assertThat(policy.levelOf("eu-west", "eu-west-1a")).isZero();
    assertThat(policy.levelOf("eu-west", "eu-west-1b")).isEqualTo(1);
    assertThat(policy.levelOf("eu-central", "x")).isEqualTo(2);
    assertThat(policy.levelOf("us-east", "x")).isEqualTo(3);
    assertThat(policy.levelOf("ap-south", "x")).isEqualTo(4);
    assertThat(policy.levelOf(null, null)).isEqualTo(4);
  }

  /** Envoy's documentation, "Priority levels", two levels (Envoy rounds to whole percent). */
  @ParameterizedTest
  @CsvSource({
    "1.00, 1.00, 1.00, 0.00",
    "0.72, 1.00, 1.00, 0.00",
    "0.71, 1.00, 0.994, 0.006",
    "0.70, 1.00, 0.98, 0.02",
    "0.50, 1.00, 0.70, 0.30",
    "0.25, 1.00, 0.35, 0.65",
    "0.25, 0.25, 0.50, 0.50",
  })
  void twoLevelLoadsMatchEnvoy(double p0, double p1, double load0, double load1) {
    double[] loads = LocalityPolicy.priorityLoads(new double[] {p0, p1}, 1.4);
    assertThat(loads[0]).isCloseTo(load0, within(1e-9));
    assertThat(loads[1]).isCloseTo(load1, within(1e-9));
  }

  /** Envoy's three-level table; its last row reads 36/36/28 after rounding. */
  @ParameterizedTest
  @CsvSource({
    "0.50, 0.50, 1.00, 0.70, 0.30, 0.00",
    "0.25, 0.25, 1.00, 0.35, 0.35, 0.30",
    "0.25, 0.25, 0.20, 0.357142857, 0.357142857, 0.285714286",
  })
  void threeLevelLoadsMatchEnvoy(
      double p0, double p1, double p2, double load0, double load1, double load2) {
    double[] loads = LocalityPolicy.priorityLoads(new double[] {p0, p1, p2}, 1.4);
    assertThat(loads).containsExactly(new double[] {load0, load1, load2}, within(1e-6));
  }

  @Test
  void zoneAtSeventyPercentHealthSpillsTwoPercentToTheRestOfTheRegion() {
    List<TestEndpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      endpoints.add(TestEndpoint.at("zone-" + i, "eu-west", "eu-west-1a"));
      endpoints.add(TestEndpoint.at("region-" + i, "eu-west", "eu-west-1b"));
    }
    Set<String> down = Set.of("zone-0", "zone-1", "zone-2");
    LocalityPlan<TestEndpoint> plan = plan(endpoints, e -> !down.contains(e.id()));
    assertThat(plan.panic()).isFalse();
    assertThat(plan.load(0)).isCloseTo(0.98, within(1e-9));
    assertThat(plan.load(1)).isCloseTo(0.02, within(1e-9));
    assertThat(plan.level(0.979)).isZero();
    assertThat(plan.level(0.981)).isEqualTo(1);
  }

  /** The worked example of docs/load-balancing.md: 10 + 10 + 5 + 5 endpoints. */
  @ParameterizedTest
  @CsvSource({
    "10, 10, 5, 5, false, 1.00, 0.00, 0.00, 0.00",
    " 8, 10, 5, 5, false, 1.00, 0.00, 0.00, 0.00",
    " 7, 10, 5, 5, false, 0.98, 0.02, 0.00, 0.00",
    " 5, 10, 5, 5, false, 0.70, 0.30, 0.00, 0.00",
    " 2,  3, 5, 5, false, 0.28, 0.42, 0.30, 0.00",
    " 1,  2, 2, 5, true,  0.00, 0.00, 0.00, 0.00",
  })
  void documentedWorkedExampleHolds(
      int zoneUp,
      int regionUp,
      int centralUp,
      int usUp,
      boolean panic,
      double zone,
      double region,
      double central,
      double us) {
    List<TestEndpoint> endpoints = new ArrayList<>();
    Set<String> up = new java.util.HashSet<>();
    addEndpoints(endpoints, up, "eu-west", "eu-west-1a", 10, zoneUp);
    addEndpoints(endpoints, up, "eu-west", "eu-west-1b", 10, regionUp);
    addEndpoints(endpoints, up, "eu-central", "c1", 5, centralUp);
    addEndpoints(endpoints, up, "us-east", "u1", 5, usUp);
    LocalityPlan<TestEndpoint> plan = plan(endpoints, e -> up.contains(e.id()));
    assertThat(plan.panic()).isEqualTo(panic);
    double[] loads = {plan.load(0), plan.load(1), plan.load(2), plan.load(3), plan.load(4)};
    assertThat(loads).containsExactly(new double[] {zone, region, central, us, 0}, within(1e-9));
  }

  private static void addEndpoints(
      List<TestEndpoint> endpoints,
      Set<String> up,
      String region,
      String zone,
      int n,
      int healthy) {
    for (int i = 0; i < n; i++) {
      String id = zone + "-" + i;
      endpoints.add(TestEndpoint.at(id, region, zone));
      if (i < healthy) {
        up.add(id);
      }
    }
  }

  @Test
  void fullyHealthyZoneKeepsAllTraffic() {
    List<TestEndpoint> endpoints =
        List.of(
            TestEndpoint.at("a", "eu-west", "eu-west-1a"),
            TestEndpoint.at("b", "eu-west", "eu-west-1b"));
    LocalityPlan<TestEndpoint> plan = plan(endpoints, e -> true);
    assertThat(plan.load(0)).isEqualTo(1.0);
    for (int i = 0; i < 1_000; i++) {
      assertThat(plan.choose(i / 1000.0, 0, e -> true).id()).isEqualTo("a");
    }
  }

  @Test
  void emptyLevelsAreSkippedInFailoverOrder() {
    List<TestEndpoint> endpoints =
        List.of(
            TestEndpoint.at("central", "eu-central", "c1"),
            TestEndpoint.at("us", "us-east", "u1"),
            TestEndpoint.at("elsewhere", "ap-south", "a1"));
    LocalityPlan<TestEndpoint> plan = plan(endpoints, e -> true);
    assertThat(plan.load(2)).isEqualTo(1.0);
    assertThat(plan.choose(0.5, 0, e -> true).id()).isEqualTo("central");
  }

  @Test
  void exhaustedLevelFallsBackToTheNextLevelWithHealthyEndpoints() {
    List<TestEndpoint> endpoints =
        List.of(
            TestEndpoint.at("a", "eu-west", "eu-west-1a"),
            TestEndpoint.at("b", "eu-central", "c1"),
            TestEndpoint.at("c", "us-east", "u1"));
    LocalityPlan<TestEndpoint> plan = plan(endpoints, e -> !e.id().equals("b"));
    assertThat(plan.load(0)).isEqualTo(1.0);
    // a retry that already tried a: b is unhealthy, c's level has no load but healthy endpoints
    assertThat(plan.choose(0.1, 0, e -> !e.id().equals("a")).id()).isEqualTo("c");
    assertThat(plan.choose(0.1, 0, e -> e.id().equals("b"))).isNull();
  }

  @Test
  void belowThePanicThresholdHealthIsIgnoredAndAllEndpointsServe() {
    List<TestEndpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      endpoints.add(TestEndpoint.at("e" + i, "eu-west", "eu-west-1a"));
    }
    LocalityPlan<TestEndpoint> plan =
        plan(endpoints, e -> e.id().equals("e0") || e.id().equals("e1"));
    assertThat(plan.panic()).isTrue();
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      counts.merge(plan.choose(0.5, 0, e -> true).id(), 1, Integer::sum);
    }
    assertThat(counts).hasSize(10);
  }

  @Test
  void atThePanicThresholdHealthStillCounts() {
    List<TestEndpoint> endpoints =
        List.of(
            TestEndpoint.at("a", "eu-west", "eu-west-1a"),
            TestEndpoint.at("b", "eu-west", "eu-west-1a"));
    assertThat(plan(endpoints, e -> e.id().equals("a")).panic()).isFalse();
  }

  @Test
  void withPanicDisabledNothingHealthyMeansNoEndpoint() {
    var strict = new LocalityPolicy("eu-west", "eu-west-1a", List.of(), 1.4, 0.0);
    List<TestEndpoint> endpoints = List.of(TestEndpoint.at("a", "eu-west", "eu-west-1a"));
    LocalityPlan<TestEndpoint> plan =
        strict.plan(
            endpoints,
            TestEndpoint::region,
            TestEndpoint::zone,
            e -> false,
            LocalityPolicyTest::rr);
    assertThat(plan.panic()).isFalse();
    assertThat(plan.choose(0.3, 0, e -> true)).isNull();
  }

  @Test
  void levelSharesFollowTheLoadsForUniformU() {
    List<TestEndpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      endpoints.add(TestEndpoint.at("z" + i, "eu-west", "eu-west-1a"));
      endpoints.add(TestEndpoint.at("r" + i, "eu-west", "eu-west-1b"));
    }
    LocalityPlan<TestEndpoint> plan =
        plan(endpoints, e -> !e.id().equals("z0") && !e.id().equals("z1"));
    SplittableRandom random = new SplittableRandom(5);
    int zone = 0;
    for (int i = 0; i < 100_000; i++) {
      zone += plan.choose(random.nextDouble(), 0, e -> true).id().startsWith("z") ? 1 : 0;
    }
    assertThat(zone / 100_000.0).isCloseTo(0.70, within(0.01));
  }

  @Test
  void failoverByDistanceOrdersRegionsNearestFirst() {
    Map<String, GeoPoint> regions =
        Map.of(
            "eu-west", new GeoPoint(53.35, -6.26), // Dublin
            "eu-central", new GeoPoint(50.11, 8.68), // Frankfurt
            "us-east", new GeoPoint(38.95, -77.45), // Virginia
            "ap-south", new GeoPoint(19.08, 72.88)); // Mumbai
    assertThat(LocalityPolicy.failoverByDistance("eu-west", regions))
        .containsExactly("eu-central", "us-east", "ap-south");
    assertThat(LocalityPolicy.failoverByDistance("ap-south", regions))
        .containsExactly("eu-central", "eu-west", "us-east");
  }

  @Test
  void greatCircleDistanceMatchesAKnownValue() {
    // London–Paris is about 344 km
    assertThat(new GeoPoint(51.5074, -0.1278).distanceKm(new GeoPoint(48.8566, 2.3522)))
        .isCloseTo(343.5, within(2.0));
  }

  @Test
  void invalidSettingsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> new LocalityPolicy("r", "z", List.of(), 0.9, 0.5))
        .hasMessageContaining("overprovisioning factor 0.9");
    assertThatThrownBy(() -> new LocalityPolicy("r", "z", List.of(), 1.4, 1.5))
        .hasMessageContaining("panic threshold 1.5");
    assertThatThrownBy(() -> new LocalityPolicy("r", "z", List.of("r"), 1.4, 0.5))
        .hasMessageContaining("contain our own r");
    assertThatThrownBy(() -> LocalityPolicy.failoverByDistance("mars", Map.of()))
        .hasMessageContaining("'mars' has no coordinates");
    assertThatThrownBy(() -> new GeoPoint(91, 0)).hasMessageContaining("latitude 91");
  }

  private LocalityPlan<TestEndpoint> plan(
      List<TestEndpoint> endpoints, Predicate<TestEndpoint> healthy) {
    return policy.plan(
        endpoints, TestEndpoint::region, TestEndpoint::zone, healthy, LocalityPolicyTest::rr);
  }

  private static Balancer<TestEndpoint> rr(List<TestEndpoint> endpoints) {
    return Balancer.roundRobin(endpoints, TestEndpoint::weight);
  }
}
