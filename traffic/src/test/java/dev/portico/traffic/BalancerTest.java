package dev.portico.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BalancerTest {

  private static final List<TestEndpoint> WEIGHTED =
      List.of(
          TestEndpoint.of("a", 1),
          TestEndpoint.of("b", 2),
          TestEndpoint.of("c", 3),
          TestEndpoint.of("d", 4));
  private static final Predicate<Object> ANY = e -> true;

  private final SplittableRandom seeded = new SplittableRandom(42);
  private final Supplier<RandomGenerator> random = () -> seeded;

  @Test
  void roundRobinSharesMatchWeightsExactlyOverWholeRotations() {
    Balancer<TestEndpoint> balancer = Balancer.roundRobin(WEIGHTED, TestEndpoint::weight);
    Map<String, Double> shares = shares(balancer, 10_000, ANY);
    assertThat(shares.get("a")).isCloseTo(0.1, within(1e-9));
    assertThat(shares.get("d")).isCloseTo(0.4, within(1e-9));
  }

  /**
   * Smooth WRR: in every window of consecutive picks, at any alignment, each endpoint's count is
   * within 1.5 of its weighted share (a plain "weight-many in a row" rotation of 7/3/2/1 is off by
   * 3.2).
   */
  @Test
  void roundRobinHasNoBurstsInAnyWindow() {
    List<TestEndpoint> list =
        List.of(
            TestEndpoint.of("a", 7),
            TestEndpoint.of("b", 3),
            TestEndpoint.of("c", 2),
            TestEndpoint.of("d", 1));
    Balancer<TestEndpoint> balancer = Balancer.roundRobin(list, TestEndpoint::weight);
    List<String> picks = new java.util.ArrayList<>();
    for (int i = 0; i < 13 * 4; i++) {
      picks.add(balancer.choose(ANY).id());
    }
    for (int window = 1; window <= 26; window++) {
      for (int start = 0; start + window <= picks.size(); start++) {
        List<String> slice = picks.subList(start, start + window);
        for (TestEndpoint endpoint : list) {
          long count = slice.stream().filter(endpoint.id()::equals).count();
          assertThat(Math.abs(count - window * endpoint.weight() / 13.0))
              .as("%s in picks %d..%d", endpoint.id(), start, start + window)
              .isLessThan(1.5);
        }
      }
    }
  }

  @Test
  void randomSharesFollowWeightsWithinOnePercentagePoint() {
    Balancer<TestEndpoint> balancer = Balancer.random(WEIGHTED, TestEndpoint::weight, random);
    Map<String, Double> shares = shares(balancer, 400_000, ANY);
    assertThat(shares.get("a")).isCloseTo(0.1, within(0.01));
    assertThat(shares.get("b")).isCloseTo(0.2, within(0.01));
    assertThat(shares.get("c")).isCloseTo(0.3, within(0.01));
    assertThat(shares.get("d")).isCloseTo(0.4, within(0.01));
  }

  @Test
  void randomKeepsProportionsAmongAcceptableEndpointsWhenTheHeaviestIsRejected() {
    Balancer<TestEndpoint> balancer = Balancer.random(WEIGHTED, TestEndpoint::weight, random);
    Map<String, Double> shares =
        shares(balancer, 300_000, e -> !((TestEndpoint) e).id().equals("d"));
    assertThat(shares).doesNotContainKey("d");
    assertThat(shares.get("a")).isCloseTo(1 / 6.0, within(0.01));
    assertThat(shares.get("c")).isCloseTo(3 / 6.0, within(0.01));
  }

  @Test
  void everyBalancerReturnsNullWhenNothingIsAcceptable() {
    Map<TestEndpoint, EndpointLoad> loads = loads(WEIGHTED);
    List<Balancer<TestEndpoint>> balancers =
        List.of(
            Balancer.roundRobin(WEIGHTED, TestEndpoint::weight),
            Balancer.random(WEIGHTED, TestEndpoint::weight, random),
            Balancer.leastRequest(WEIGHTED, TestEndpoint::weight, loads::get, true, random),
            Balancer.maglev(MaglevTable.build(WEIGHTED, TestEndpoint::id, TestEndpoint::weight)));
    for (Balancer<TestEndpoint> balancer : balancers) {
      assertThat(balancer.choose(e -> false)).isNull();
      assertThat(balancer.choose(7L, e -> false)).isNull();
    }
  }

  @Test
  void zeroWeightEndpointsAreNeverChosenAndAllZeroIsRejected() {
    List<TestEndpoint> list = List.of(TestEndpoint.of("off", 0), TestEndpoint.of("on", 1));
    Balancer<TestEndpoint> balancer = Balancer.random(list, TestEndpoint::weight, random);
    assertThat(shares(balancer, 1_000, ANY)).containsOnlyKeys("on");
    assertThat(balancer.endpoints()).extracting(TestEndpoint::id).containsExactly("on");
    assertThatThrownBy(
            () -> Balancer.random(List.of(TestEndpoint.of("off", 0)), TestEndpoint::weight))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive weight");
  }

  @Test
  void leastRequestPrefersTheLessLoadedEndpoint() {
    List<TestEndpoint> two = List.of(TestEndpoint.of("busy", 1), TestEndpoint.of("idle", 1));
    Map<TestEndpoint, EndpointLoad> loads = loads(two);
    for (int i = 0; i < 5; i++) {
      loads.get(two.get(0)).started();
    }
    Balancer<TestEndpoint> balancer =
        Balancer.leastRequest(two, TestEndpoint::weight, loads::get, false, random);
    assertThat(shares(balancer, 1_000, ANY)).containsOnlyKeys("idle");
  }

  @Test
  void leastRequestUnderSteadyConcurrencySpreadsLoadByWeight() {
    Map<TestEndpoint, EndpointLoad> loads = loads(WEIGHTED);
    Balancer<TestEndpoint> balancer =
        Balancer.leastRequest(WEIGHTED, TestEndpoint::weight, loads::get, false, random);
    Map<String, Integer> counts = new HashMap<>();
    Deque<TestEndpoint> inFlight = new ArrayDeque<>();
    int requests = 200_000;
    for (int i = 0; i < requests; i++) {
      TestEndpoint chosen = balancer.choose(ANY);
      loads.get(chosen).started();
      inFlight.addLast(chosen);
      if (inFlight.size() > 100) { // every request lasts as long as the next 100 decisions
        loads.get(inFlight.removeFirst()).finished(1_000_000, true);
      }
      counts.merge(chosen.id(), 1, Integer::sum);
    }
    assertThat(counts.get("a") / (double) requests).isCloseTo(0.1, within(0.02));
    assertThat(counts.get("b") / (double) requests).isCloseTo(0.2, within(0.02));
    assertThat(counts.get("c") / (double) requests).isCloseTo(0.3, within(0.02));
    assertThat(counts.get("d") / (double) requests).isCloseTo(0.4, within(0.02));
  }

  @Test
  void latencyAwareLeastRequestSteersAwayFromASlowEndpoint() {
    List<TestEndpoint> three =
        List.of(
            TestEndpoint.of("fast1", 1), TestEndpoint.of("fast2", 1), TestEndpoint.of("slow", 1));
    Map<TestEndpoint, EndpointLoad> loads = loads(three);
    loads.get(three.get(0)).finished(10_000_000, true);
    loads.get(three.get(1)).finished(12_000_000, true);
    loads.get(three.get(2)).finished(200_000_000, true);
    Balancer<TestEndpoint> aware =
        Balancer.leastRequest(three, TestEndpoint::weight, loads::get, true, random);
    Balancer<TestEndpoint> unaware =
        Balancer.leastRequest(three, TestEndpoint::weight, loads::get, false, random);
    assertThat(shares(aware, 30_000, ANY).getOrDefault("slow", 0.0)).isZero();
    assertThat(shares(unaware, 30_000, ANY).get("slow")).isGreaterThan(0.1);
  }

  @Test
  void leastRequestReturnsTheOnlyAcceptableEndpoint() {
    Map<TestEndpoint, EndpointLoad> loads = loads(WEIGHTED);
    Balancer<TestEndpoint> balancer =
        Balancer.leastRequest(WEIGHTED, TestEndpoint::weight, loads::get, false, random);
    assertThat(balancer.choose(e -> ((TestEndpoint) e).id().equals("b")).id()).isEqualTo("b");
  }

  @Test
  void maglevBalancerMapsTheSameKeyToTheSameEndpoint() {
    Balancer<TestEndpoint> balancer =
        Balancer.maglev(
            MaglevTable.build(WEIGHTED, TestEndpoint::id, TestEndpoint::weight), random);
    long key = KeyHash.hash("user-17");
    TestEndpoint first = balancer.choose(key, ANY);
    for (int i = 0; i < 10; i++) {
      assertThat(balancer.choose(key, ANY)).isSameAs(first);
    }
  }

  @Test
  void maglevBalancerWithoutKeySpreadsByWeight() {
    Balancer<TestEndpoint> balancer =
        Balancer.maglev(
            MaglevTable.build(WEIGHTED, TestEndpoint::id, TestEndpoint::weight), random);
    Map<String, Double> shares = shares(balancer, 200_000, ANY);
    assertThat(shares.get("a")).isCloseTo(0.1, within(0.01));
    assertThat(shares.get("d")).isCloseTo(0.4, within(0.01));
  }

  private static Map<TestEndpoint, EndpointLoad> loads(List<TestEndpoint> endpoints) {
    Map<TestEndpoint, EndpointLoad> loads = new HashMap<>();
    for (TestEndpoint endpoint : endpoints) {
      loads.put(endpoint, new EndpointLoad());
    }
    return loads;
  }

  static Map<String, Double> shares(
      Balancer<TestEndpoint> balancer, int picks, Predicate<Object> acceptable) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < picks; i++) {
      TestEndpoint chosen = balancer.choose(acceptable);
      counts.merge(chosen.id(), 1, Integer::sum);
    }
    Map<String, Double> shares = new HashMap<>();
    counts.forEach((id, count) -> shares.put(id, count / (double) picks));
    return shares;
  }
}
