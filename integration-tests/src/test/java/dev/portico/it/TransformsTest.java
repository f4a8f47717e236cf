package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What the upstream receives and the client gets back: paths, headers, request ids, forwarding. */
class TransformsTest {

  static WireMockServer upstream;
  static PorticoGateway gateway;
  static WebTestClient client;

  @BeforeAll
  static void start(@TempDir Path dir) {
    upstream = Upstreams.wiremock();
    gateway =
        PorticoGateway.start(
            dir,
            """
            gateway:
              trusted-proxies: [10.0.0.0/8]
            upstreams:
              app: { endpoints: [ { url: "http://127.0.0.1:%1$d" } ] }
              based: { endpoints: [ { url: "http://127.0.0.1:%1$d/base/" } ] }
            routes:
              - id: stripped
                match: { path: /api/v1/** }
                upstream: app
                public: true
                strip-prefix: 2
              - id: rewritten
                match: { path: "/legacy/users/{id}" }
                upstream: app
                public: true
                rewrite-path: { regex: "^/legacy/users/(?<id>[^/]+)$", replacement: "/users/${id}/profile" }
              - id: based
                match: { path: /based/** }
                upstream: based
                public: true
                strip-prefix: 1
              - id: edited
                match: { path: /edit/** }
                upstream: app
                public: true
                request-headers:
                  set: { X-Tenant: acme }
                  add: { X-Tag: added }
                  remove: [X-Secret]
                response-headers:
                  set: { X-Frame-Options: DENY }
                  add: { X-Added: yes-please }
                  remove: [Server, X-Internal]
              - id: plain
                match: { path: /plain/** }
                upstream: app
                public: true
            """
                .formatted(upstream.port()));
    client = gateway.client();
  }

  @BeforeEach
  void reset() {
    upstream.resetAll();
    upstream.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Server", "secret-server/1.0")
                    .withHeader("X-Internal", "x")
                    .withBody("ok")));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.stop();
  }

  /** The URI exactly as written: WebTestClient would otherwise encode the % signs again. */
  private static java.net.URI raw(String pathAndQuery) {
    return java.net.URI.create(gateway.baseUrl() + pathAndQuery);
  }

  private static LoggedRequest onlyRequest() {
    List<LoggedRequest> requests =
        upstream.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()));
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  @Test
  void stripPrefixRemovesLeadingSegmentsAndKeepsTheQuery() {
    client.get().uri(raw("/api/v1/orders/7?expand=items&x=%20y")).exchange().expectStatus().isOk();
    assertThat(onlyRequest().getUrl()).isEqualTo("/orders/7?expand=items&x=%20y");
  }

  @Test
  void stripPrefixOfTheWholePathForwardsRoot() {
    client.get().uri("/api/v1").exchange().expectStatus().isOk();
    assertThat(onlyRequest().getUrl()).isEqualTo("/");
  }

  @Test
  void rewritePathUsesNamedGroups() {
    client.get().uri("/legacy/users/ada").exchange().expectStatus().isOk();
    assertThat(onlyRequest().getUrl()).isEqualTo("/users/ada/profile");
  }

  @Test
  void percentEncodedCharactersPassThroughUnchanged() {
    client.get().uri(raw("/plain/files/a%20b%3Fc")).exchange().expectStatus().isOk();
    assertThat(onlyRequest().getUrl()).isEqualTo("/plain/files/a%20b%3Fc");
  }

  @Test
  void endpointBasePathIsPrepended() {
    client.get().uri("/based/items").exchange().expectStatus().isOk();
    assertThat(onlyRequest().getUrl()).isEqualTo("/base/items");
  }

  @Test
  void requestHeadersAreSetAddedAndRemoved() {
    client
        .get()
        .uri("/edit/x")
        .header("X-Tenant", "evil")
        .header("X-Tag", "original")
        .header("X-Secret", "s3cr3t")
        .exchange()
        .expectStatus()
        .isOk();
    LoggedRequest request = onlyRequest();
    assertThat(request.getHeaders().getHeader("X-Tenant").values()).containsExactly("acme");
    assertThat(request.getHeaders().getHeader("X-Tag").values())
        .containsExactly("original", "added");
    assertThat(request.containsHeader("X-Secret")).isFalse();
  }

  @Test
  void responseHeadersAreSetAddedAndRemoved() {
    client
        .get()
        .uri("/edit/x")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("X-Frame-Options", "DENY")
        .expectHeader()
        .valueEquals("X-Added", "yes-please")
        .expectHeader()
        .doesNotExist("Server")
        .expectHeader()
        .doesNotExist("X-Internal");
  }

  @Test
  void generatedRequestIdReachesUpstreamAndClient() {
    String id =
        client
            .get()
            .uri("/plain/a")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseHeaders()
            .getFirst("X-Request-Id");
    assertThat(id).matches("[0-9a-f]{32}");
    assertThat(onlyRequest().getHeader("X-Request-Id")).isEqualTo(id);
  }

  @Test
  void wellFormedIncomingRequestIdIsKept() {
    client
        .get()
        .uri("/plain/a")
        .header("X-Request-Id", "abc-123.x:y")
        .exchange()
        .expectHeader()
        .valueEquals("X-Request-Id", "abc-123.x:y");
    assertThat(onlyRequest().getHeader("X-Request-Id")).isEqualTo("abc-123.x:y");
  }

  @Test
  void malformedIncomingRequestIdIsReplaced() {
    String sent = "bad id with spaces";
    String id =
        client
            .get()
            .uri("/plain/a")
            .header("X-Request-Id", sent)
            .exchange()
            .expectBody(String.class)
            .returnResult()
            .getResponseHeaders()
            .getFirst("X-Request-Id");
    assertThat(id).isNotEqualTo(sent).matches("[0-9a-f]{32}");
    assertThat(onlyRequest().getHeader("X-Request-Id")).isEqualTo(id);
  }

  @Test
  void forwardingHeadersFromAnUntrustedPeerAreReplaced() {
    client
        .get()
        .uri("/plain/a")
        .header("X-Forwarded-For", "6.6.6.6")
        .header("X-Forwarded-Proto", "https")
        .header("X-Forwarded-Host", "evil.example")
        .header("Forwarded", "for=6.6.6.6")
        .header("X-Forwarded-Prefix", "/admin")
        .exchange()
        .expectStatus()
        .isOk();
    LoggedRequest request = onlyRequest();
    assertThat(request.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(request.getHeader("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(request.getHeader("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + gateway.port());
    assertThat(request.getHeader("X-Forwarded-Port")).isEqualTo(Integer.toString(gateway.port()));
    assertThat(request.containsHeader("Forwarded")).isFalse();
    assertThat(request.containsHeader("X-Forwarded-Prefix")).isFalse();
  }
}
