package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LONG;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.portico.admin.AdminAccess;
import dev.portico.auth.apikey.ApiKeyRegistry;
import dev.portico.it.idp.ScriptedBrowser;
import dev.portico.it.idp.TestIdentityProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The admin API on the management port: who gets in (401 / 403 for every endpoint, read-only,
 * bootstrap token, CSRF), validation with line and column, apply with audit, and rollback.
 */
class AdminApiTest {

  static final String BOOTSTRAP = "a-bootstrap-token-for-the-admin-api-test";

  /** Every endpoint of the admin API, as "METHOD path". */
  static final List<String> ENDPOINTS =
      List.of(
          "GET /me",
          "GET /config",
          "GET /config/history",
          "GET /config/history/1",
          "GET /routes",
          "GET /upstreams",
          "GET /security",
          "GET /rate-limits",
          "GET /traffic",
          "GET /traffic/routes/orders",
          "GET /openapi.yaml",
          "POST /config/validate",
          "POST /config/diff",
          "POST /config/apply",
          "POST /config/history/1/rollback",
          "POST /simulate");

  static final String SHOP_KEY = "shop-live-key-0123456789";
  static final String CLIENT_TOKEN = "client-token-9876543210";

  static TestIdentityProvider idp;
  static WireMockServer upstream;
  static WireMockServer hashedA;
  static WireMockServer hashedB;
  static PorticoGateway gateway;
  static WebTestClient management;
  static String aliceCookies;
  static String bobCookies;
  static String config;

  @BeforeAll
  static void start(@TempDir Path dir) {
    idp = TestIdentityProvider.start();
    upstream = Upstreams.wiremock();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("upstream")));
    upstream.stubFor(any(urlPathMatching("/catalog/.*")).willReturn(aResponse().withStatus(503)));
    hashedA = Upstreams.wiremock();
    hashedA.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("a")));
    hashedB = Upstreams.wiremock();
    hashedB.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("b")));
    String secret =
        Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    config =
        """
        gateway:
          auth:
            session: { secret: "%s" }
          admin:
            issuer: corp
            admin-roles: [orders-admin]
            read-only-roles: [orders-reader]
            bootstrap-token-sha256: %s
            audit-log: audit/admin.jsonl
            history-size: 5
        issuers:
        %s
        consumers:
          shop: { api-keys: ["%s"] }
        rate-limits:
          per-key: { limits: [1/min], burst: 1, key: [consumer, header:X-Client-Token] }
          per-ip: { limits: [1/min], burst: 1, key: [client-ip] }
        upstreams:
          app: { endpoints: [ { url: "http://127.0.0.1:%d", region: eu-west, zone: eu-west-1a } ] }
          hashed:
            balancer: { type: maglev, hash-on: "header:X-User-Id", table-size: 1009 }
            endpoints: [ { url: "http://127.0.0.1:%d" }, { url: "http://127.0.0.1:%d" } ]
        routes:
          - { id: orders, match: { path: /orders/** }, upstream: app, public: true }
          - id: office
            match: { path: /office/** }
            upstream: app
            authorization:
              allow: [ { name: office-network, when: "request.ip.startsWith('10.20.')" } ]
          - id: keyed
            match: { path: /keyed/** }
            upstream: app
            auth: { api-key: {} }
            rate-limits: [per-key]
          - { id: burst, match: { path: /burst/** }, upstream: app, public: true, rate-limits: [per-ip] }
          - { id: catalog, match: { path: /catalog/** }, upstream: app, public: true }
          - { id: hashed, match: { path: /hashed/** }, upstream: hashed, public: true }
        """
            .formatted(
                secret,
                AdminAccess.sha256Hex(BOOTSTRAP),
                idp.issuerYaml("corp", 2),
                ApiKeyRegistry.hash(SHOP_KEY),
                upstream.port(),
                hashedA.port(),
                hashedB.port());
    gateway = PorticoGateway.start(dir, config);
    management = PorticoGateway.client(managementUrl(""));
    aliceCookies = logIn(TestIdentityProvider.ALICE);
    bobCookies = logIn(TestIdentityProvider.BOB);
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.stop();
    hashedA.stop();
    hashedB.stop();
    idp.close();
  }

  static String managementUrl(String path) {
    return "http://127.0.0.1:" + gateway.managementPort() + path;
  }

  /** Signs {@code user} in to the console; returns the browser's cookies as a Cookie header. */
  static String logIn(TestIdentityProvider.TestUser user) {
    ScriptedBrowser browser = new ScriptedBrowser();
    ScriptedBrowser.Navigation navigation = browser.navigate(managementUrl("/admin/"), user);
    assertThat(navigation.last().statusCode()).isEqualTo(200);
    assertThat(navigation.last().body()).contains("<title>Portico admin</title>");
    return browser.cookies().stream()
        .map(c -> c.getName() + "=" + c.getValue())
        .collect(Collectors.joining("; "));
  }

  static String csrf(String cookies) {
    return List.of(cookies.split("; ")).stream()
        .filter(c -> c.startsWith("PORTICO_ADMIN_CSRF="))
        .map(c -> c.substring("PORTICO_ADMIN_CSRF=".length()).replace("\"", ""))
        .findFirst()
        .orElseThrow();
  }

  static WebTestClient.RequestBodySpec request(String endpoint) {
    String[] parts = endpoint.split(" ");
    return management
        .method(org.springframework.http.HttpMethod.valueOf(parts[0]))
        .uri("/admin/api/v1" + parts[1]);
  }

  static Map<String, Object> json(byte[] body) throws Exception {
    return JSONObjectUtils.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8));
  }

  static WebTestClient.ResponseSpec asAdmin(String endpoint, Object body) {
    var spec = request(endpoint).header("Authorization", "Bearer " + BOOTSTRAP);
    return body == null
        ? spec.exchange()
        : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
  }

  @Test
  void everyEndpointAnswers401ProblemWithoutCredentials() {
    for (String endpoint : ENDPOINTS) {
      request(endpoint)
          .exchange()
          .expectStatus()
          .isUnauthorized()
          .expectHeader()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .expectHeader()
          .valueEquals("WWW-Authenticate", "Bearer realm=\"portico-admin\"")
          .expectBody()
          .jsonPath("$.type")
          .isEqualTo("https://portico.dev/problems/unauthenticated");
    }
  }

  @Test
  void everyEndpointAnswers403ToATokenWithoutAnAdminRole() {
    String serviceToken = idp.clientCredentialsToken();
    for (String endpoint : ENDPOINTS) {
      request(endpoint)
          .header("Authorization", "Bearer " + serviceToken)
          .exchange()
          .expectStatus()
          .isForbidden()
          .expectHeader()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
  }

  @Test
  void aWrongBootstrapTokenIsRefusedAndTheRightOneIsAdmin() {
    request("GET /me")
        .header("Authorization", "Bearer " + BOOTSTRAP + "x")
        .exchange()
        .expectStatus()
        .isUnauthorized();
    asAdmin("GET /me", null)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.name")
        .isEqualTo("bootstrap-token")
        .jsonPath("$.level")
        .isEqualTo("admin");
  }

  @Test
  void readOnlyUserMayReadEverythingButChangeNothing() {
    for (String endpoint : ENDPOINTS) {
      var spec =
          request(endpoint).header("Cookie", bobCookies).header("X-CSRF-Token", csrf(bobCookies));
      if (endpoint.startsWith("GET")) {
        // Version 1 exists only once something was applied (another test may have done so).
        spec.exchange()
            .expectStatus()
            .value(status -> assertThat(status).isIn(200, endpoint.contains("/1") ? 404 : 200));
      } else {
        spec.contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{}")
            .exchange()
            .expectStatus()
            .isForbidden()
            .expectBody()
            .jsonPath("$.detail")
            .isEqualTo("Your role may read but not change anything.");
      }
    }
    request("GET /me")
        .header("Cookie", bobCookies)
        .exchange()
        .expectBody()
        .jsonPath("$.level")
        .isEqualTo("read-only");
  }

  @Test
  void sessionChangesNeedTheCsrfTokenAndTheConsolesOrigin() {
    String body = "{\"yaml\": \"routes: []\"}";
    request("POST /config/validate")
        .header("Cookie", aliceCookies)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://portico.dev/problems/csrf-rejected");
    request("POST /config/validate")
        .header("Cookie", aliceCookies)
        .header("X-CSRF-Token", "forged")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isForbidden();
    request("POST /config/validate")
        .header("Cookie", aliceCookies)
        .header("X-CSRF-Token", csrf(aliceCookies))
        .header("Origin", "https://evil.example")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isForbidden();
    request("POST /config/validate")
        .header("Cookie", aliceCookies)
        .header("X-CSRF-Token", csrf(aliceCookies))
        .header("Origin", managementUrl(""))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void validationErrorsCarryTheirLineAndColumn() throws Exception {
    String broken = config.replace("public: true", "public: maybe");
    int line =
        List.of(broken.split("\n"))
                .indexOf(
                    List.of(broken.split("\n")).stream()
                        .filter(l -> l.contains("public: maybe"))
                        .findFirst()
                        .orElseThrow())
            + 1;
    byte[] answer =
        asAdmin("POST /config/validate", Map.of("yaml", broken))
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    Map<String, Object> result = json(answer);
    assertThat(result).containsEntry("valid", false);
    @SuppressWarnings("unchecked")
    Map<String, Object> error = ((List<Map<String, Object>>) result.get("errors")).get(0);
    assertThat(((Number) error.get("line")).intValue()).isEqualTo(line);
    assertThat(((Number) error.get("column")).intValue()).isGreaterThan(1);
  }

  @Test
  void theRunningConfigIsShownWithItsSecretsMasked() {
    asAdmin("GET /config", null)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.yaml")
        .value(
            yaml ->
                assertThat((String) yaml)
                    .contains("secret: \"<masked-1>\"")
                    .doesNotContain("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
                    .doesNotContain(TestIdentityProvider.LOGIN_CLIENT.secret()));
  }

  @Test
  void applyRoutesTheNewPathAuditsItAndRollbackTakesItAway() throws Exception {
    Map<String, Object> running =
        json(asAdmin("GET /config", null).expectBody().returnResult().getResponseBody());
    String masked = (String) running.get("yaml");
    String edited =
        masked + "  - { id: added, match: { path: /added/** }, upstream: app, public: true }\n";
    gateway.client().get().uri("/added/1").exchange().expectStatus().isNotFound();

    asAdmin("POST /config/apply", Map.of("yaml", edited, "base_digest", "stale"))
        .expectStatus()
        .isEqualTo(409);
    asAdmin("POST /config/apply", Map.of("yaml", edited, "base_digest", running.get("digest")))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.outcome")
        .isEqualTo("applied")
        .jsonPath("$.version")
        .isEqualTo("2");

    gateway.client().get().uri("/added/1").exchange().expectStatus().isOk();
    // The masked secrets were put back: the session secret and client secret still work.
    assertThat(Files.readString(gateway.configFile()))
        .contains(TestIdentityProvider.LOGIN_CLIENT.secret())
        .contains("id: added");
    List<String> audit =
        Files.readAllLines(gateway.configFile().resolveSibling("audit/admin.jsonl"));
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0))
        .contains("\"actor\":\"bootstrap-token\"")
        .contains("\"outcome\":\"applied\"")
        .contains("+  - { id: added, match: { path: /added/** }")
        .doesNotContain(TestIdentityProvider.LOGIN_CLIENT.secret());

    asAdmin("POST /config/history/1/rollback", null)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.outcome")
        .isEqualTo("applied");
    gateway.client().get().uri("/added/1").exchange().expectStatus().isNotFound();
    assertThat(Files.readString(gateway.configFile())).doesNotContain("id: added");
    asAdmin("POST /config/history/99/rollback", null).expectStatus().isNotFound();
  }

  @Test
  void upstreamsShowRequestsInFlightForARoundRobinUpstream() {
    upstream.stubFor(
        any(urlPathEqualTo("/orders/slow"))
            .willReturn(aResponse().withStatus(200).withFixedDelay(3_000).withBody("slow")));
    var pending =
        java.util.concurrent.CompletableFuture.runAsync(
            () -> gateway.client().get().uri("/orders/slow").exchange().expectStatus().isOk());

    Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> appInFlight() == 1);
    pending.join();
    Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> appInFlight() == 0);
  }

  private static long appInFlight() {
    String body =
        new String(
            asAdmin("GET /upstreams", null)
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBodyContent(),
            StandardCharsets.UTF_8);
    try {
      var upstreams = JSONObjectUtils.parse("{\"u\":" + body + "}").get("u");
      for (Object item : (List<?>) upstreams) {
        Map<?, ?> upstream = (Map<?, ?>) item;
        if ("app".equals(upstream.get("name"))) {
          Map<?, ?> endpoint = (Map<?, ?>) ((List<?>) upstream.get("endpoints")).get(0);
          return ((Number) endpoint.get("in_flight")).longValue();
        }
      }
    } catch (java.text.ParseException e) {
      throw new AssertionError(body, e);
    }
    throw new AssertionError("no upstream app in " + body);
  }

  @Test
  void routesUpstreamsAndSimulationDescribeTheRunningGateway() {
    asAdmin("GET /routes", null)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].id")
        .isEqualTo("orders")
        .jsonPath("$[0].auth")
        .isEqualTo("public");
    asAdmin("GET /upstreams", null)
        .expectBody()
        .jsonPath("$[0].endpoints[0].region")
        .isEqualTo("eu-west")
        .jsonPath("$[0].endpoints[0].zone")
        .isEqualTo("eu-west-1a");
    asAdmin("POST /simulate", Map.of("method", "GET", "path", "/orders/7"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.explanation.route")
        .isEqualTo("orders")
        .jsonPath("$.explanation.upstream")
        .isEqualTo("app");
    asAdmin("GET /security", null)
        .expectBody()
        .jsonPath("$.issuers[0].name")
        .isEqualTo("corp")
        .jsonPath("$.denials")
        .isArray();
    asAdmin("GET /rate-limits", null)
        .expectBody()
        .jsonPath("$.store_status.shared_store_up")
        .doesNotExist()
        .jsonPath("$.store_status.most_limited")
        .isArray();
  }

  @Test
  void securityListsRecentDenialsNewestFirst() {
    WebTestClient client = gateway.client();
    client.get().uri("/office/first").exchange().expectStatus().isForbidden();
    client.get().uri("/office/second").exchange().expectStatus().isForbidden();

    asAdmin("GET /security", null)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.recent_denials[0].route")
        .isEqualTo("office")
        .jsonPath("$.recent_denials[0].path")
        .isEqualTo("/office/second")
        .jsonPath("$.recent_denials[1].path")
        .isEqualTo("/office/first")
        .jsonPath("$.recent_denials[0].method")
        .isEqualTo("GET")
        .jsonPath("$.recent_denials[0].request_id")
        .isNotEmpty();
  }

  @Test
  void trafficReportsThePerRouteRequestMetric() {
    upstream.stubFor(any(urlPathEqualTo("/orders/fail")).willReturn(aResponse().withStatus(503)));
    WebTestClient client = gateway.client();
    for (int i = 0; i < 3; i++) {
      client.get().uri("/orders/" + i).exchange().expectStatus().isOk();
    }
    client.get().uri("/orders/fail").exchange().expectStatus().isEqualTo(503);

    asAdmin("GET /traffic", null)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.routes[?(@.route=='orders')].requests")
        .value(
            requests ->
                assertThat(numbers(requests)).singleElement(LONG).isGreaterThanOrEqualTo(4L))
        .jsonPath("$.routes[?(@.route=='orders')].errors")
        .value(errors -> assertThat(numbers(errors)).singleElement(LONG).isGreaterThanOrEqualTo(1L))
        .jsonPath("$.routes[?(@.route=='orders')].p50Ms")
        .value(p50 -> assertThat((List<?>) p50).singleElement().isNotNull())
        .jsonPath("$.total.errors")
        .value(errors -> assertThat(((Number) errors).longValue()).isGreaterThanOrEqualTo(1L));
  }

  @Test
  void simulationNamesTheEndpointTheRequestsHashKeyGetsAndARealRequestGoesThere() throws Exception {
    for (String user : List.of("ann", "bert", "carl", "dora", "emil", "fay")) {
      Map<String, Object> result =
          json(
              asAdmin(
                      "POST /simulate",
                      Map.of(
                          "method", "GET",
                          "path", "/hashed/profile",
                          "headers", Map.of("X-User-Id", user)))
                  .expectStatus()
                  .isOk()
                  .expectBody()
                  .returnResult()
                  .getResponseBody());
      @SuppressWarnings("unchecked")
      Map<String, Object> endpoint =
          (Map<String, Object>) ((Map<String, Object>) result.get("explanation")).get("endpoint");
      assertThat(endpoint.get("outcome")).isEqualTo("certain");
      assertThat((String) endpoint.get("reason")).contains("header:X-User-Id");
      String predicted = (String) endpoint.get("endpoint");
      String served =
          new String(
              gateway
                  .client()
                  .get()
                  .uri("/hashed/profile")
                  .header("X-User-Id", user)
                  .exchange()
                  .expectStatus()
                  .isOk()
                  .expectBody()
                  .returnResult()
                  .getResponseBody(),
              StandardCharsets.UTF_8);
      assertThat(predicted)
          .isEqualTo("http://127.0.0.1:" + (served.equals("a") ? hashedA : hashedB).port());
    }
  }

  @Test
  void simulationWithoutAKeyListsTheCandidatesAndRefusesANonAddress() {
    asAdmin(
            "POST /simulate",
            Map.of("method", "GET", "path", "/hashed/x", "client_ip", "203.0.113.7"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.explanation.endpoint.outcome")
        .isEqualTo("one-of")
        .jsonPath("$.explanation.endpoint.tiers[0].name")
        .isEqualTo("all endpoints")
        .jsonPath("$.explanation.endpoint.tiers[0].candidates.length()")
        .isEqualTo(2)
        .jsonPath("$.explanation.endpoint.reason")
        .value(reason -> assertThat((String) reason).contains("has no header:X-User-Id"));
    asAdmin("POST /simulate", Map.of("method", "GET", "path", "/orders/1"))
        .expectBody()
        .jsonPath("$.explanation.endpoint.outcome")
        .isEqualTo("certain")
        .jsonPath("$.explanation.endpoint.endpoint")
        .isEqualTo("http://127.0.0.1:" + upstream.port());
    asAdmin(
            "POST /simulate",
            Map.of("method", "GET", "path", "/orders/1", "client_ip", "evil.example"))
        .expectStatus()
        .isBadRequest();
  }

  @Test
  void theMostLimitedKeysNameTheCallersWithoutTheirCredentials() throws Exception {
    WebTestClient client = gateway.client();
    int refused = 0;
    for (int i = 0; i < 3; i++) {
      int status =
          client
              .get()
              .uri("/keyed/" + i)
              .header("X-Api-Key", SHOP_KEY)
              .header("X-Client-Token", CLIENT_TOKEN)
              .exchange()
              .expectBody()
              .returnResult()
              .getStatus()
              .value();
      assertThat(status).isIn(200, 429);
      refused += status == 429 ? 1 : 0;
    }
    for (int i = 0; i < 4; i++) {
      client.get().uri("/burst/" + i).exchange().expectBody().returnResult();
    }
    assertThat(refused).isGreaterThanOrEqualTo(1);
    long refusedWithKey = refused;
    client.get().uri("/burst/last").exchange().expectStatus().isEqualTo(429);

    byte[] body =
        asAdmin("GET /rate-limits", null)
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    assertThat(new String(body, StandardCharsets.UTF_8))
        .doesNotContain(SHOP_KEY)
        .doesNotContain(CLIENT_TOKEN);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> keys =
        (List<Map<String, Object>>) json(body).get("most_limited_keys");
    assertThat(keys)
        .anySatisfy(
            k -> {
              assertThat(k.get("route")).isEqualTo("burst");
              assertThat(k.get("policy")).isEqualTo("per-ip");
              assertThat(k.get("key")).isEqualTo("client-ip=127.0.0.1");
              assertThat(((Number) k.get("count")).longValue()).isGreaterThanOrEqualTo(4);
              assertThat(((Number) k.get("error")).longValue()).isZero();
            })
        .anySatisfy(
            k -> {
              assertThat(k.get("route")).isEqualTo("keyed");
              assertThat((String) k.get("key"))
                  .matches(
                      "consumer=shop \\+ header:X-Client-Token=#[0-9a-f]{8} \\(consumer shop\\)");
              assertThat(((Number) k.get("count")).longValue()).isEqualTo(refusedWithKey);
            });
    assertThat(((Number) json(body).get("limited_keys_window_seconds")).longValue()).isEqualTo(300);
  }

  @Test
  void eachRouteHasItsOwnTimeSeries() {
    WebTestClient client = gateway.client();
    for (int i = 0; i < 6; i++) {
      client.get().uri("/orders/series-" + i).exchange().expectStatus().isOk();
    }
    for (int i = 0; i < 3; i++) {
      client.get().uri("/catalog/" + i).exchange().expectStatus().isEqualTo(503);
    }
    Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(40))
        .untilAsserted(
            () -> {
              Map<String, Object> orders = series("orders");
              Map<String, Object> catalog = series("catalog");
              assertThat(requests(orders)).isGreaterThanOrEqualTo(6);
              assertThat(requests(catalog)).isEqualTo(3);
              assertThat(points(catalog))
                  .filteredOn(p -> p.get("errorRate") != null)
                  .allSatisfy(
                      p -> assertThat(((Number) p.get("errorRate")).doubleValue()).isEqualTo(1.0))
                  .anySatisfy(p -> assertThat(p.get("p50Ms")).isNotNull());
              assertThat(points(orders))
                  .filteredOn(p -> p.get("errorRate") != null)
                  .anySatisfy(
                      p -> assertThat(((Number) p.get("errorRate")).doubleValue()).isLessThan(1.0));
            });
    asAdmin("GET /traffic/routes/nowhere", null).expectStatus().isNotFound();
    asAdmin("GET /traffic/routes/hashed", null)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.intervalSeconds")
        .isEqualTo(5);
  }

  private static Map<String, Object> series(String route) throws Exception {
    return json(
        asAdmin("GET /traffic/routes/" + route, null)
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> points(Map<String, Object> series) {
    return (List<Map<String, Object>>) series.get("points");
  }

  /** Requests the points add up to. */
  private static long requests(Map<String, Object> series) {
    return points(series).stream().mapToLong(p -> ((Number) p.get("requests")).longValue()).sum();
  }

  /** The numbers a JSONPath filter matched, as longs. */
  private static List<Long> numbers(Object matched) {
    return ((List<?>) matched).stream().map(n -> ((Number) n).longValue()).toList();
  }

  @Test
  void theConsoleScriptsAndUplotAreServedWithoutCredentials() {
    for (String asset : List.of("app.js", "uPlot.iife.min.js")) {
      management
          .get()
          .uri("/admin/assets/" + asset)
          .exchange()
          .expectStatus()
          .isOk()
          .expectHeader()
          .contentType("text/javascript;charset=UTF-8");
    }
    management.get().uri("/admin/assets/secrets.yaml").exchange().expectStatus().isNotFound();
  }

  @Test
  void theConsoleIsNotOnThePublicPort() {
    gateway.client().get().uri("/admin/api/v1/me").exchange().expectStatus().isNotFound();
  }

  @Test
  void aPageRequestWithoutSessionIsSentToLogIn() {
    management
        .get()
        .uri("/admin/")
        .accept(MediaType.TEXT_HTML)
        .exchange()
        .expectStatus()
        .isFound()
        .expectHeader()
        .value("Location", location -> assertThat(location).startsWith(idp.issuer().toString()));
  }
}
