package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/** Timeouts, unreachable upstreams, retries onto another endpoint, body limits. */
class UpstreamFailuresTest {

  static WireMockServer first;
  static WireMockServer second;
  static PorticoGateway gateway;
  static WebTestClient client;

  @BeforeAll
  static void start(@TempDir Path dir) {
    first = Upstreams.wiremock();
    second = Upstreams.wiremock();
    int dead = Upstreams.closedPort();
    gateway =
        PorticoGateway.start(
            dir,
            """
            gateway:
              defaults: { timeout: 5s }
            upstreams:
              slow: { endpoints: [ { url: "http://127.0.0.1:%1$d" } ] }
              down: { endpoints: [ { url: "http://127.0.0.1:%3$d" } ] }
              # These tests count how attempts alternate; ejection (BalancingTest) would change that.
              half-down:
                endpoints: [ { url: "http://127.0.0.1:%3$d" }, { url: "http://127.0.0.1:%2$d" } ]
                outlier-detection: { enabled: false }
              pair:
                endpoints: [ { url: "http://127.0.0.1:%1$d" }, { url: "http://127.0.0.1:%2$d" } ]
                outlier-detection: { enabled: false }
            routes:
              - { id: slow, match: { path: /slow/** }, upstream: slow, timeout: 300ms, public: true }
              - { id: down, match: { path: /down/** }, upstream: down, public: true }
              - id: failover
                match: { path: /failover/** }
                upstream: half-down
                public: true
                retries: { attempts: 2, on: [connect-failure] }
              - id: no-retry
                match: { path: /no-retry/** }
                upstream: half-down
                public: true
              - id: status-retry
                match: { path: /status-retry/** }
                upstream: pair
                public: true
                retries: { attempts: 2, on: [connect-failure], statuses: [503], backoff: { first: 1ms, max: 5ms } }
              - id: post-retry
                match: { path: /post-retry/** }
                upstream: pair
                public: true
                retries: { attempts: 2, statuses: [503], idempotent-only: false }
              - id: small
                match: { path: /small/** }
                upstream: pair
                public: true
                max-body-size: 1KB
            """
                .formatted(first.port(), second.port(), dead));
    client = gateway.client();
  }

  @BeforeEach
  void stubs() {
    for (WireMockServer server : new WireMockServer[] {first, second}) {
      server.resetAll();
      server.stubFor(
          any(anyUrl())
              .willReturn(
                  aResponse().withStatus(200).withBody(server == first ? "first" : "second")));
    }
  }

  @AfterAll
  static void stop() {
    gateway.close();
    first.stop();
    second.stop();
  }

  @Test
  void slowUpstreamGets504Problem() {
    first.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(2_000)));
    client
        .get()
        .uri("/slow/x")
        .exchange()
        .expectStatus()
        .isEqualTo(504)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://portico.dev/problems/upstream-timeout")
        .jsonPath("$.detail")
        .isEqualTo("The upstream did not answer in time.");
  }

  @Test
  void unreachableUpstreamGets502ProblemWithoutInternals() {
    String body =
        client
            .get()
            .uri("/down/x")
            .exchange()
            .expectStatus()
            .isEqualTo(502)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(body)
        .contains("\"type\":\"https://portico.dev/problems/upstream-unreachable\"")
        .doesNotContain("Exception")
        .doesNotContain("127.0.0.1");
  }

  @Test
  void withoutRetriesHalfTheRequestsHitTheDeadEndpoint() {
    int failures = 0;
    for (int i = 0; i < 4; i++) {
      int status =
          client
              .get()
              .uri("/no-retry/x")
              .exchange()
              .expectBody(String.class)
              .returnResult()
              .getStatus()
              .value();
      failures += status == 502 ? 1 : 0;
    }
    assertThat(failures).isEqualTo(2);
  }

  @Test
  void connectFailureIsRetriedOnTheOtherEndpoint() {
    for (int i = 0; i < 6; i++) {
      client
          .get()
          .uri("/failover/x")
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody(String.class)
          .isEqualTo("second");
    }
    assertThat(second.findAll(anyRequestedFor(anyUrl()))).hasSize(6);
  }

  @Test
  void connectFailureIsRetriedForPostToo() {
    // Two requests: the rotation sends one of them to the dead endpoint first.
    client.post().uri("/failover/x").bodyValue("payload-1").exchange().expectStatus().isOk();
    client.post().uri("/failover/x").bodyValue("payload-2").exchange().expectStatus().isOk();
    assertThat(second.findAll(postRequestedFor(urlEqualTo("/failover/x"))))
        .extracting(r -> r.getBodyAsString())
        .containsExactlyInAnyOrder("payload-1", "payload-2");
  }

  @Test
  void retryableStatusIsRetriedOnTheOtherEndpointForGet() {
    first.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503).withBody("unavailable")));
    for (int i = 0; i < 4; i++) {
      client
          .get()
          .uri("/status-retry/x")
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody(String.class)
          .isEqualTo("second");
    }
  }

  @Test
  void retryableStatusIsNotRetriedForPostByDefault() {
    first.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503).withBody("unavailable")));
    int unavailable = 0;
    for (int i = 0; i < 4; i++) {
      int status =
          client
              .post()
              .uri("/status-retry/x")
              .bodyValue("b")
              .exchange()
              .expectBody(String.class)
              .returnResult()
              .getStatus()
              .value();
      unavailable += status == 503 ? 1 : 0;
    }
    assertThat(unavailable).isEqualTo(2);
  }

  @Test
  void postWithBodyIsRetriedWhenTheRouteAllowsIt() {
    first.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
    for (int i = 0; i < 4; i++) {
      client
          .post()
          .uri("/post-retry/x")
          .bodyValue("the-body-" + i)
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody(String.class)
          .isEqualTo("second");
    }
    assertThat(second.findAll(postRequestedFor(urlEqualTo("/post-retry/x"))))
        .extracting(r -> r.getBodyAsString())
        .containsExactlyInAnyOrder("the-body-0", "the-body-1", "the-body-2", "the-body-3");
  }

  @Test
  void declaredBodyOverTheLimitGets413BeforeReachingUpstream() {
    client
        .post()
        .uri("/small/upload")
        .bodyValue("x".repeat(2048))
        .exchange()
        .expectStatus()
        .isEqualTo(413)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://portico.dev/problems/body-too-large");
    assertThat(first.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    assertThat(second.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void chunkedBodyOverTheLimitGets413() {
    Flux<DataBuffer> chunks =
        Flux.range(0, 8)
            .map(
                i ->
                    DefaultDataBufferFactory.sharedInstance.wrap(
                        "y".repeat(512).getBytes(StandardCharsets.US_ASCII)));
    client
        .post()
        .uri("/small/upload")
        .body(chunks, DataBuffer.class)
        .exchange()
        .expectStatus()
        .isEqualTo(413)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://portico.dev/problems/body-too-large");
  }

  @Test
  void bodyWithinTheLimitPasses() {
    client.post().uri("/small/upload").bodyValue("z".repeat(1000)).exchange().expectStatus().isOk();
  }
}
