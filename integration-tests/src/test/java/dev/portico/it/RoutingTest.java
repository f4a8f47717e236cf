package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Which route takes a request: path, host, method, header and query conditions, precedence. */
class RoutingTest {

  static WireMockServer upstream;
  static PorticoGateway gateway;
  static WebTestClient client;

  @BeforeAll
  static void start(@TempDir Path dir) {
    upstream = Upstreams.wiremock();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("upstream")));
    gateway =
        PorticoGateway.start(
            dir,
            """
            upstreams:
              app: { endpoints: [ { url: "http://127.0.0.1:%d" } ] }
            routes:
              - { id: prefix, match: { path: /things/** }, upstream: app, response-headers: { set: { X-Route: prefix } }, public: true }
              - { id: template, match: { path: "/things/{id}" }, upstream: app, response-headers: { set: { X-Route: template } }, public: true }
              - { id: exact, match: { path: /things/special }, upstream: app, response-headers: { set: { X-Route: exact } }, public: true }
              - { id: longer-prefix, match: { path: /things/deep/** }, upstream: app, response-headers: { set: { X-Route: longer-prefix } }, public: true }
              - { id: host-exact, match: { path: /things/**, hosts: [api.example.com] }, upstream: app, response-headers: { set: { X-Route: host-exact } }, public: true }
              - { id: host-wildcard, match: { path: /things/**, hosts: ["*.example.com"] }, upstream: app, response-headers: { set: { X-Route: host-wildcard } }, public: true }
              - { id: orders, match: { path: /orders, methods: [GET, POST] }, upstream: app, response-headers: { set: { X-Route: orders } }, public: true }
              - { id: orders-admin, match: { path: /orders, methods: [DELETE], headers: [ { name: X-Admin, present: true } ] }, upstream: app, response-headers: { set: { X-Route: orders-admin } }, public: true }
              - { id: feature-default, match: { path: /feature }, upstream: app, response-headers: { set: { X-Route: feature-default } }, public: true }
              - { id: feature-beta, match: { path: /feature, headers: [ { name: X-Beta, equals: "1" } ] }, upstream: app, response-headers: { set: { X-Route: feature-beta } }, public: true }
              - { id: feature-versioned, match: { path: /feature, headers: [ { name: X-Version, regex: "v[0-9]+" } ] }, upstream: app, response-headers: { set: { X-Route: feature-versioned } }, public: true }
              - { id: feature-no-cookie, match: { path: /feature, headers: [ { name: Cookie, present: false }, { name: X-Anonymous, present: true } ] }, upstream: app, response-headers: { set: { X-Route: feature-no-cookie } }, public: true }
              - { id: search, match: { path: /search }, upstream: app, response-headers: { set: { X-Route: search } }, public: true }
              - { id: search-preview, match: { path: /search, query: [ { name: preview, equals: "true" } ] }, upstream: app, response-headers: { set: { X-Route: search-preview } }, public: true }
            """
                .formatted(upstream.port()));
    client = gateway.client();
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.stop();
  }

  private static String routeOf(WebTestClient.RequestHeadersSpec<?> request) {
    return request
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseHeaders()
        .getFirst("X-Route");
  }

  @Test
  void exactPathBeatsTemplateWhichBeatsPrefix() {
    assertThat(routeOf(client.get().uri("/things/special"))).isEqualTo("exact");
    assertThat(routeOf(client.get().uri("/things/42"))).isEqualTo("template");
    assertThat(routeOf(client.get().uri("/things/42/parts"))).isEqualTo("prefix");
  }

  @Test
  void longerPrefixBeatsShorterPrefix() {
    assertThat(routeOf(client.get().uri("/things/deep/down/below"))).isEqualTo("longer-prefix");
    // A template beats any prefix: /things/deep is one segment after /things, like /things/{id}.
    assertThat(routeOf(client.get().uri("/things/deep"))).isEqualTo("template");
  }

  @Test
  void prefixPatternAlsoMatchesItsBarePrefix() {
    assertThat(routeOf(client.get().uri("/things"))).isEqualTo("prefix");
  }

  @Test
  void exactHostBeatsWildcardHostWhichBeatsAnyHost() {
    assertThat(routeOf(client.get().uri("/things/42").header(HttpHeaders.HOST, "api.example.com")))
        .isEqualTo("host-exact");
    assertThat(
            routeOf(
                client
                    .get()
                    .uri("/things/42")
                    .header(HttpHeaders.HOST, "shop.eu.example.com:8443")))
        .isEqualTo("host-wildcard");
    assertThat(routeOf(client.get().uri("/things/42").header(HttpHeaders.HOST, "example.com")))
        .isEqualTo("template");
  }

  @Test
  void hostMatchingIgnoresCaseAndTrailingDot() {
    assertThat(routeOf(client.get().uri("/things/1").header(HttpHeaders.HOST, "API.Example.COM.")))
        .isEqualTo("host-exact");
  }

  @Test
  void methodsRestrictTheRoute() {
    assertThat(routeOf(client.post().uri("/orders"))).isEqualTo("orders");
    assertThat(routeOf(client.delete().uri("/orders").header("X-Admin", "yes")))
        .isEqualTo("orders-admin");
  }

  @Test
  void wrongMethodGets405WithAllowHeaderAsProblem() {
    client
        .put()
        .uri("/orders")
        .exchange()
        .expectStatus()
        .isEqualTo(405)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader()
        .value(HttpHeaders.ALLOW, allow -> assertThat(allow).isEqualTo("GET,POST"))
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://portico.dev/problems/method-not-allowed")
        .jsonPath("$.status")
        .isEqualTo(405);
  }

  @Test
  void allowHeaderListsOnlyMethodsOfRoutesWhoseOtherConditionsHold() {
    client
        .put()
        .uri("/orders")
        .header("X-Admin", "yes")
        .exchange()
        .expectStatus()
        .isEqualTo(405)
        .expectHeader()
        .value(HttpHeaders.ALLOW, allow -> assertThat(allow).isEqualTo("DELETE,GET,POST"));
  }

  @Test
  void headerConditionsChooseBetweenRoutesOfOnePath() {
    assertThat(routeOf(client.get().uri("/feature"))).isEqualTo("feature-default");
    assertThat(routeOf(client.get().uri("/feature").header("X-Beta", "1")))
        .isEqualTo("feature-beta");
    assertThat(routeOf(client.get().uri("/feature").header("X-Beta", "2")))
        .isEqualTo("feature-default");
    assertThat(routeOf(client.get().uri("/feature").header("X-Version", "v12")))
        .isEqualTo("feature-versioned");
    assertThat(routeOf(client.get().uri("/feature").header("X-Version", "v12-rc")))
        .isEqualTo("feature-default");
  }

  @Test
  void absentHeaderConditionRequiresTheHeaderToBeMissing() {
    assertThat(routeOf(client.get().uri("/feature").header("X-Anonymous", "1")))
        .isEqualTo("feature-no-cookie");
    assertThat(
            routeOf(
                client.get().uri("/feature").header("X-Anonymous", "1").header("Cookie", "s=1")))
        .isEqualTo("feature-default");
  }

  @Test
  void queryConditionChoosesTheRoute() {
    assertThat(routeOf(client.get().uri("/search?q=x&preview=true"))).isEqualTo("search-preview");
    assertThat(routeOf(client.get().uri("/search?q=x&preview=false"))).isEqualTo("search");
  }

  @Test
  void unmatchedRequestGets404ProblemWithRequestId() {
    var result =
        client
            .get()
            .uri("/nothing/here")
            .exchange()
            .expectStatus()
            .isNotFound()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.type")
            .isEqualTo("https://portico.dev/problems/no-route")
            .jsonPath("$.title")
            .isEqualTo("No route matches the request")
            .jsonPath("$.detail")
            .isEqualTo("No route matches GET /nothing/here.")
            .jsonPath("$.instance")
            .isEqualTo("/nothing/here")
            .returnResult();
    String requestId = result.getResponseHeaders().getFirst("X-Request-Id");
    assertThat(requestId).matches("[0-9a-f]{32}");
    assertThat(new String(result.getResponseBodyContent()))
        .contains("\"request_id\":\"" + requestId + "\"");
  }

  @Test
  void templateVariableDoesNotMatchAnEmptySegment() {
    assertThat(routeOf(client.get().uri("/things/"))).isEqualTo("prefix");
  }
}
