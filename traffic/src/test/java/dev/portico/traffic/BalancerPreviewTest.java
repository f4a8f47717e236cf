package dev.portico.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Previews answer what a decision would be without making it: for each balancer, a twin that is
 * asked for thousands of previews between its picks picks exactly what an untouched twin picks.
 */
class BalancerPreviewTest {

  private static final List<TestEndpoint> ENDPOINTS =
      List.of(
          TestEndpoint.of("a", 1),
          TestEndpoint.of("b", 2),
          TestEndpoint.of("c", 3),
          TestEndpoint.of("d", 4));
  private static final Predicate<TestEndpoint> NOT_C = e -> !e.id().equals("c");
  private static final int PICKS = 200;
  private static final int PREVIEWS_PER_PICK = 50;

  @Test
  void roundRobinPreviewsDoNotAdvanceTheRotation() {
    Balancer<TestEndpoint> untouched = Balancer.roundRobin(ENDPOINTS, TestEndpoint::weight);
    Balancer<TestEndpoint> previewed = Balancer.roundRobin(ENDPOINTS, TestEndpoint::weight);

    assertSamePicks(untouched, previewed);
    assertThat(ids(previewed.preview(NOT_C).candidates())).containsExactly("a", "b", "d");
    assertThat(previewed.preview(NOT_C).certain()).isFalse();
  }

  @Test
  void randomPreviewsDrawNoRandomNumbers() {
    Balancer<TestEndpoint> untouched = Balancer.random(ENDPOINTS, TestEndpoint::weight, seeded(7));
    Balancer<TestEndpoint> previewed = Balancer.random(ENDPOINTS, TestEndpoint::weight, seeded(7));

    assertSamePicks(untouched, previewed);
  }

  @Test
  void leastRequestPreviewsNeitherDrawNorCountRequestsInFlight() {
    Map<String, EndpointLoad> loadsA = loads();
    Map<String, EndpointLoad> loadsB = loads();
    loadsA.get("d").started();
    loadsB.get("d").started();
    Balancer<TestEndpoint> untouched =
        Balancer.leastRequest(
            ENDPOINTS, TestEndpoint::weight, e -> loadsA.get(e.id()), false, seeded(11));
    Balancer<TestEndpoint> previewed =
        Balancer.leastRequest(
            ENDPOINTS, TestEndpoint::weight, e -> loadsB.get(e.id()), false, seeded(11));

    for (int i = 0; i < 1_000; i++) {
      previewed.preview(NOT_C);
    }
    assertThat(loadsB.get("d").inFlight()).isEqualTo(1);
    assertThat(loadsB.values().stream().mapToLong(EndpointLoad::inFlight).sum()).isEqualTo(1);
    assertSamePicks(untouched, previewed);
  }

  @Test
  void maglevPreviewIsTheEndpointTheKeyGets() {
    Balancer<TestEndpoint> maglev =
        Balancer.maglev(
            MaglevTable.build(ENDPOINTS, TestEndpoint::id, TestEndpoint::weight, 1_009), seeded(3));
    for (int user = 0; user < 500; user++) {
      long hash = KeyHash.hash("user-" + user);
      BalancerPreview<TestEndpoint> preview = maglev.preview(hash, NOT_C);
      assertThat(preview.certain()).isTrue();
      assertThat(preview.endpoint()).isSameAs(maglev.choose(hash, NOT_C));
      assertThat(preview.candidates()).containsExactly(preview.endpoint());
    }
    // Without the request's key a hashing balancer draws a random one: only the set is known.
    assertThat(ids(maglev.preview(NOT_C).candidates())).containsExactly("a", "b", "d");
  }

  @Test
  void maglevPreviewsDoNotChangeKeylessPicks() {
    MaglevTable<TestEndpoint> table =
        MaglevTable.build(ENDPOINTS, TestEndpoint::id, TestEndpoint::weight, 1_009);
    assertSamePicks(Balancer.maglev(table, seeded(5)), Balancer.maglev(table, seeded(5)));
  }

  @Test
  void stickyPreviewIsThePinWhileItIsAcceptableAndTheFallbackOtherwise() {
    StickyCookieCodec<TestEndpoint> codec =
        StickyCookieCodec.of(
            "a-secret-of-32-bytes-for-testing".getBytes(StandardCharsets.US_ASCII),
            "svc",
            ENDPOINTS,
            TestEndpoint::id);
    Balancer<TestEndpoint> fallback = Balancer.roundRobin(ENDPOINTS, TestEndpoint::weight);
    Balancer<TestEndpoint> twin = Balancer.roundRobin(ENDPOINTS, TestEndpoint::weight);
    StickyBalancer<TestEndpoint> sticky = new StickyBalancer<>(codec, fallback);
    String pinToB = codec.encode(ENDPOINTS.get(1));
    String pinToC = codec.encode(ENDPOINTS.get(2));

    assertThat(sticky.preview(pinToB, 0, false, NOT_C).endpoint().id()).isEqualTo("b");
    BalancerPreview<TestEndpoint> unhealthyPin = sticky.preview(pinToC, 0, false, NOT_C);
    assertThat(unhealthyPin.certain()).isFalse();
    assertThat(ids(unhealthyPin.candidates())).containsExactly("a", "b", "d");
    assertThat(ids(sticky.preview("forged-value-of-22-chr", 0, false, e -> true).candidates()))
        .containsExactly("a", "b", "c", "d");
    // The previews above did not step the fallback's rotation.
    for (int i = 0; i < PICKS; i++) {
      assertThat(sticky.choose(null, 0, NOT_C).endpoint()).isSameAs(twin.choose(NOT_C));
    }
  }

  @Test
  void localityPreviewNamesTheLevelsThatServeAndLeavesPicksAlone() {
    List<TestEndpoint> endpoints =
        List.of(
            TestEndpoint.at("z1", "eu-west", "eu-west-1a"),
            TestEndpoint.at("z2", "eu-west", "eu-west-1a"),
            TestEndpoint.at("r1", "eu-west", "eu-west-1b"),
            TestEndpoint.at("us", "us-east", "us-east-1a"));
    LocalityPolicy policy = new LocalityPolicy("eu-west", "eu-west-1a", List.of("us-east"));
    Set<String> down = Set.of("z1");
    Function<List<TestEndpoint>, Balancer<TestEndpoint>> roundRobin =
        level -> Balancer.roundRobin(level, TestEndpoint::weight);
    LocalityPlan<TestEndpoint> untouched =
        policy.plan(
            endpoints,
            TestEndpoint::region,
            TestEndpoint::zone,
            e -> !down.contains(e.id()),
            roundRobin);
    LocalityPlan<TestEndpoint> previewed =
        policy.plan(
            endpoints,
            TestEndpoint::region,
            TestEndpoint::zone,
            e -> !down.contains(e.id()),
            roundRobin);

    List<LocalityPlan.LevelPreview<TestEndpoint>> levels = previewed.preview(0, false, e -> true);
    // Zone level at 50% health takes 70% (overprovisioning 1.4), the region level the rest.
    assertThat(levels).extracting(LocalityPlan.LevelPreview::level).containsExactly(0, 1);
    assertThat(levels.get(0).load()).isEqualTo(previewed.load(0));
    assertThat(levels.get(0).load() + levels.get(1).load()).isEqualTo(1.0);
    assertThat(ids(levels.get(0).choice().candidates())).containsExactly("z2");
    assertThat(ids(levels.get(1).choice().candidates())).containsExactly("r1");

    SplittableRandom u1 = new SplittableRandom(9);
    SplittableRandom u2 = new SplittableRandom(9);
    for (int i = 0; i < PICKS; i++) {
      for (int p = 0; p < PREVIEWS_PER_PICK; p++) {
        previewed.preview(i, false, e -> true);
      }
      assertThat(previewed.choose(u2.nextDouble(), i, e -> true))
          .isSameAs(untouched.choose(u1.nextDouble(), i, e -> true));
    }
  }

  @Test
  void panicPreviewSpreadsOverEveryEndpoint() {
    List<TestEndpoint> endpoints =
        List.of(
            TestEndpoint.at("z1", "eu-west", "eu-west-1a"),
            TestEndpoint.at("z2", "eu-west", "eu-west-1a"),
            TestEndpoint.at("z3", "eu-west", "eu-west-1a"));
    LocalityPlan<TestEndpoint> plan =
        new LocalityPolicy("eu-west", "eu-west-1a", List.of())
            .plan(
                endpoints,
                TestEndpoint::region,
                TestEndpoint::zone,
                e -> e.id().equals("z1"),
                level -> Balancer.roundRobin(level, TestEndpoint::weight));

    List<LocalityPlan.LevelPreview<TestEndpoint>> levels = plan.preview(0, false, e -> true);
    assertThat(plan.panic()).isTrue();
    assertThat(levels).singleElement().extracting(LocalityPlan.LevelPreview::level).isEqualTo(-1);
    assertThat(ids(levels.get(0).choice().candidates())).containsExactly("z1", "z2", "z3");
  }

  @Test
  void splitPreviewIsTheUsersBucketOrEveryWeightedBucket() {
    record Bucket(String name, int weight) {}
    TrafficSplit<Bucket> split =
        TrafficSplit.of(
            List.of(new Bucket("stable", 90), new Bucket("canary", 10), new Bucket("dark", 0)),
            Bucket::name,
            Bucket::weight);
    for (int user = 0; user < 200; user++) {
      long hash = KeyHash.hash("user-" + user);
      assertThat(split.preview(hash, true).endpoint()).isSameAs(split.choose(hash));
    }
    assertThat(split.preview(0, false).candidates())
        .extracting(Bucket::name)
        .containsExactly("canary", "stable");
  }

  /**
   * Picks {@link #PICKS} times from both, previewing {@link #PREVIEWS_PER_PICK} times before each
   * pick of {@code previewed} (keyless and keyed), and requires the same endpoint every time.
   */
  private static void assertSamePicks(
      Balancer<TestEndpoint> untouched, Balancer<TestEndpoint> previewed) {
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    for (int i = 0; i < PICKS; i++) {
      for (int p = 0; p < PREVIEWS_PER_PICK; p++) {
        previewed.preview(NOT_C);
        previewed.preview(p, NOT_C);
      }
      expected.add(untouched.choose(NOT_C).id());
      actual.add(previewed.choose(NOT_C).id());
    }
    assertThat(actual).isEqualTo(expected);
    // Several endpoints were picked (P2C rarely picks the lightest) and never the excluded one.
    assertThat(Set.copyOf(actual)).hasSizeGreaterThan(1).isSubsetOf("a", "b", "d");
  }

  private static Supplier<RandomGenerator> seeded(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return () -> random;
  }

  private static Map<String, EndpointLoad> loads() {
    return Map.of(
        "a",
        new EndpointLoad(),
        "b",
        new EndpointLoad(),
        "c",
        new EndpointLoad(),
        "d",
        new EndpointLoad());
  }

  private static List<String> ids(List<TestEndpoint> endpoints) {
    return endpoints.stream().map(TestEndpoint::id).toList();
  }
}
