package dev.portico.gateway.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.ConfigLoader;
import dev.portico.gateway.snapshot.GatewaySnapshot;
import dev.portico.gateway.snapshot.SnapshotCompiler;
import dev.portico.gateway.snapshot.UpstreamEndpoint;
import dev.portico.gateway.snapshot.UpstreamGroup;
import dev.portico.gateway.upstream.EndpointPreview;
import dev.portico.traffic.KeyHash;
import dev.portico.traffic.StickyCookieCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulation names the endpoint a request would get, read from the simulated request's headers,
 * cookies and caller region, and asking never changes what real requests get.
 */
class EndpointPreviewTest {

  private static final String STICKY_SECRET = "sticky-secret-of-at-least-16-bytes";

  private static final String CONFIG =
      """
      gateway:
        locality: { region: eu-west, zone: eu-west-1a }
      upstreams:
        rr:
          endpoints:
            - { url: "http://10.0.0.1:8080", weight: 3 }
            - { url: "http://10.0.0.2:8080", weight: 1 }
            - { url: "http://10.0.0.3:8080", weight: 2 }
        hashed:
          balancer: { type: maglev, hash-on: "header:X-User-Id", table-size: 1009 }
          endpoints:
            - { url: "http://10.0.1.1:8080" }
            - { url: "http://10.0.1.2:8080" }
            - { url: "http://10.0.1.3:8080" }
        sticky:
          sticky-cookie: { name: affinity, secret: "%s" }
          endpoints:
            - { url: "http://10.0.2.1:8080" }
            - { url: "http://10.0.2.2:8080" }
        local:
          balancer: { type: least-request }
          locality: { failover: [us-east] }
          endpoints:
            - { url: "http://10.0.3.1:8080", region: eu-west, zone: eu-west-1a }
            - { url: "http://10.0.3.2:8080", region: eu-west, zone: eu-west-1b }
            - { url: "http://10.0.3.3:8080", region: us-east, zone: us-east-1a }
      routes:
        - { id: rr, match: { path: /rr/** }, upstream: rr, public: true }
        - { id: hashed, match: { path: /hashed/** }, upstream: hashed, public: true }
        - { id: sticky, match: { path: /sticky/** }, upstream: sticky, public: true }
        - { id: local, match: { path: /local/** }, upstream: local, public: true }
        - id: canary
          match: { path: /canary/** }
          split: { upstreams: { rr: 90, hashed: 10 }, key: "header:X-User-Id", force-header: X-Canary }
          public: true
      """
          .formatted(STICKY_SECRET);

  private final List<SnapshotCompiler> compilers = new ArrayList<>();

  @AfterEach
  void close() {
    compilers.forEach(SnapshotCompiler::close);
  }

  private GatewaySnapshot snapshot() throws Exception {
    SnapshotCompiler compiler =
        new SnapshotCompiler(Clock.systemUTC(), new SimpleMeterRegistry(), false);
    compilers.add(compiler);
    return compiler.compile(ConfigLoader.parse("portico.yaml", CONFIG), null);
  }

  private static EndpointPreview preview(
      GatewaySnapshot snapshot, String path, Map<String, List<String>> headers, String region) {
    Explanation explanation =
        Explainer.explain(snapshot, "GET", path, headers, "", region, Clock.systemUTC().instant())
            .block(Duration.ofSeconds(5));
    assertThat(explanation.status()).isZero();
    return explanation.endpoint();
  }

  private static UpstreamGroup group(GatewaySnapshot snapshot, String name) {
    return snapshot.upstreams().get(name).get();
  }

  @Test
  void roundRobinAnswersOneOfItsCandidatesAndPreviewsLeaveTheRotationAlone() throws Exception {
    GatewaySnapshot untouched = snapshot();
    GatewaySnapshot previewed = snapshot();

    EndpointPreview preview = preview(previewed, "/rr/1", Map.of(), null);
    assertThat(preview.outcome()).isEqualTo("one-of");
    assertThat(preview.endpoint()).isNull();
    assertThat(preview.balancer()).isEqualTo("round-robin");
    assertThat(preview.tiers()).singleElement().satisfies(t -> assertThat(t.share()).isEqualTo(1));
    assertThat(preview.tiers().get(0).candidates())
        .extracting(EndpointPreview.Candidate::url)
        .containsExactly("http://10.0.0.1:8080", "http://10.0.0.2:8080", "http://10.0.0.3:8080");

    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      for (int p = 0; p < 20; p++) {
        preview(previewed, "/rr/" + p, Map.of(), null);
      }
      expected.add(group(untouched, "rr").choose(0, Set.of()).toString());
      actual.add(group(previewed, "rr").choose(0, Set.of()).toString());
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void consistentHashNamesTheEndpointOfTheRequestsKey() throws Exception {
    GatewaySnapshot snapshot = snapshot();
    for (int user = 0; user < 30; user++) {
      EndpointPreview preview =
          preview(snapshot, "/hashed/x", Map.of("X-User-Id", List.of("user-" + user)), null);
      UpstreamEndpoint real =
          group(snapshot, "hashed").choose(KeyHash.hash("user-" + user), Set.of());
      assertThat(preview.outcome()).isEqualTo("certain");
      assertThat(preview.endpoint()).isEqualTo(real.toString());
      assertThat(preview.reason()).contains("Maglev").contains("header:X-User-Id");
    }
    EndpointPreview keyless = preview(snapshot, "/hashed/x", Map.of(), null);
    assertThat(keyless.outcome()).isEqualTo("one-of");
    assertThat(keyless.reason()).contains("has no header:X-User-Id");
  }

  @Test
  void aStickyCookieNamesItsEndpointAndWithoutOneTheBalancerDecides() throws Exception {
    GatewaySnapshot snapshot = snapshot();
    UpstreamGroup sticky = group(snapshot, "sticky");
    UpstreamEndpoint second = sticky.endpoints().get(1);
    String pin =
        StickyCookieCodec.of(
                STICKY_SECRET.getBytes(StandardCharsets.UTF_8),
                "sticky",
                sticky.endpoints(),
                UpstreamEndpoint::toString)
            .encode(second);

    EndpointPreview pinned =
        preview(snapshot, "/sticky/a", Map.of("Cookie", List.of("other=1; affinity=" + pin)), null);
    assertThat(pinned.outcome()).isEqualTo("certain");
    assertThat(pinned.endpoint()).isEqualTo("http://10.0.2.2:8080");
    assertThat(pinned.reason()).contains("pinned by the sticky cookie 'affinity'");

    EndpointPreview forged =
        preview(snapshot, "/sticky/a", Map.of("Cookie", List.of("affinity=forged")), null);
    assertThat(forged.outcome()).isEqualTo("one-of");
    assertThat(forged.reason()).contains("no valid sticky cookie 'affinity'");
  }

  @Test
  void aSplitNamesTheUsersBucketOrTheForcedOne() throws Exception {
    GatewaySnapshot snapshot = snapshot();
    int canaryUsers = 0;
    for (int user = 0; user < 100; user++) {
      EndpointPreview preview =
          preview(snapshot, "/canary/x", Map.of("X-User-Id", List.of("user-" + user)), null);
      assertThat(preview.upstreamChoice()).contains("bucket for header:X-User-Id");
      if (preview.upstream().equals("hashed")) {
        canaryUsers++;
        // The canary hashes on the same header: the endpoint is certain too.
        assertThat(preview.outcome()).isEqualTo("certain");
      } else {
        assertThat(preview.upstream()).isEqualTo("rr");
      }
      // The same user always gets the same bucket.
      assertThat(
              preview(snapshot, "/canary/y", Map.of("X-User-Id", List.of("user-" + user)), null)
                  .upstream())
          .isEqualTo(preview.upstream());
    }
    assertThat(canaryUsers).isBetween(1, 30);

    EndpointPreview forced =
        preview(snapshot, "/canary/x", Map.of("X-Canary", List.of("always")), null);
    assertThat(forced.upstream()).isEqualTo("hashed");
    assertThat(forced.upstreamChoice()).isEqualTo("forced by the X-Canary header");

    EndpointPreview keyless = preview(snapshot, "/canary/x", Map.of(), null);
    assertThat(keyless.upstream()).isNull();
    assertThat(keyless.upstreamChoice()).contains("one of hashed 10, rr 90");
    assertThat(keyless.tiers().stream().mapToDouble(EndpointPreview.Tier::share).sum())
        .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void localityNamesTheTierThatServesSeenFromTheCallersRegion() throws Exception {
    GatewaySnapshot snapshot = snapshot();

    EndpointPreview fromHere = preview(snapshot, "/local/x", Map.of(), null);
    assertThat(fromHere.tiers())
        .singleElement()
        .satisfies(
            tier -> {
              assertThat(tier.name()).isEqualTo("same zone (eu-west-1a)");
              assertThat(tier.share()).isEqualTo(1.0);
              assertThat(tier.candidates())
                  .singleElement()
                  .satisfies(
                      c -> {
                        assertThat(c.url()).isEqualTo("http://10.0.3.1:8080");
                        assertThat(c.inFlight()).isZero();
                      });
            });
    assertThat(fromHere.outcome()).isEqualTo("certain");

    EndpointPreview fromUs = preview(snapshot, "/local/x", Map.of(), "us-east");
    assertThat(fromUs.tiers().get(0).name()).isEqualTo("same region (us-east)");
    assertThat(fromUs.endpoint()).isEqualTo("http://10.0.3.3:8080");
    assertThat(fromUs.reason()).contains("caller's region us-east");
  }
}
