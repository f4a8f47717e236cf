package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Authorization through the assembled gateway: role and scope rules from bearer tokens, consumer
 * rules from API keys, CEL conditions over headers, claims and the client address, deny rules that
 * win, 403 problems that reveal nothing, 401 for anonymous callers of optional routes, the decision
 * log and the decision metric.
 */
class AuthorizationTest {

  static StubIssuer idp;
  static WireMockServer upstream;
  static PorticoGateway gateway;
  ListAppender<ILoggingEvent> decisions;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    idp = StubIssuer.start("/realms/test");
    upstream = Upstreams.wiremock();
    gateway =
        PorticoGateway.start(
            dir,
            """
            gateway:
              default-policy: deny
              trusted-proxies: [127.0.0.1/32]
            issuers:
              test: { issuer: "%1$s", audiences: [orders-api] }
            consumers:
              shop: { api-keys: ["sha256:%3$s"], roles: [orders-reader], metadata: { plan: premium } }
              crawler: { api-keys: ["sha256:%4$s"], roles: [orders-reader] }
            policies:
              orders-access:
                allow:
                  - name: readers-may-read
                    roles: { any-of: [orders-reader, orders-admin] }
                    when: request.method == 'GET'
                  - name: writers
                    roles: { all-of: [orders-writer] }
                    scopes: { any-of: ["orders:write"] }
                deny:
                  - name: no-test-accounts
                    when: request.method != 'GET' && principal.subject.startsWith('test-')
            upstreams:
              app: { endpoints: [ { url: "http://127.0.0.1:%2$d" } ] }
            routes:
              - id: orders
                match: { path: /orders/** }
                upstream: app
                auth: { bearer: { issuers: [test] }, api-key: {} }
                authorization:
                  policies: [orders-access]
                  deny:
                    - name: no-crawlers
                      consumers: [crawler]
              - id: tenants
                match: { path: /tenants/** }
                upstream: app
                auth: { bearer: { issuers: [test] } }
                authorization:
                  allow:
                    - name: own-tenant
                      when: "request.path.startsWith('/tenants/' + token.tenant + '/')"
              - id: office
                match: { path: /office/** }
                upstream: app
                authorization:
                  allow:
                    - name: office-network
                      when: request.ip.startsWith('10.20.')
              - id: preview
                match: { path: /preview/** }
                upstream: app
                auth: { bearer: { issuers: [test] }, optional: true }
                authorization:
                  allow:
                    - when: principal.authenticated && 'x-preview' in request.headers
              - id: open
                match: { path: /open/** }
                upstream: app
                public: true
            """
                .formatted(
                    idp.issuer(),
                    upstream.port(),
                    AuthenticationTest.sha256("shop-key"),
                    AuthenticationTest.sha256("crawler-key")));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    idp.close();
    upstream.stop();
  }

  @BeforeEach
  void stubsAndLog() {
    upstream.resetAll();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    decisions = new ListAppender<>();
    decisions.start();
    ((Logger) LoggerFactory.getLogger("portico.authz")).addAppender(decisions);
  }

  @AfterEach
  void detachLog() {
    ((Logger) LoggerFactory.getLogger("portico.authz")).detachAppender(decisions);
  }

  static String token(String subject, List<String> roles, String scope, Map<String, Object> extra)
      throws Exception {
    JWTClaimsSet.Builder claims =
        idp.claims(subject, "orders-api", Duration.ofMinutes(5))
            .claim("roles", roles)
            .claim("scope", scope);
    extra.forEach(claims::claim);
    return StubIssuer.sign(claims.build(), idp.key());
  }

  private int status(String method, String path, HttpHeaders headers) {
    return gateway
        .client()
        .method(org.springframework.http.HttpMethod.valueOf(method))
        .uri(path)
        .headers(h -> h.addAll(headers))
        .exchange()
        .returnResult(String.class)
        .getStatus()
        .value();
  }

  private static HttpHeaders bearer(String token) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(token);
    return headers;
  }

  private static HttpHeaders apiKey(String key) {
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-Api-Key", key);
    return headers;
  }

  @Test
  void aReaderMayReadButNotWrite() throws Exception {
    String reader = token("alice", List.of("orders-reader"), "orders:read", Map.of());

    assertThat(status("GET", "/orders/1", bearer(reader))).isEqualTo(200);
    assertThat(status("POST", "/orders", bearer(reader))).isEqualTo(403);
    assertThat(upstream.findAll(anyRequestedFor(anyUrl())))
        .singleElement()
        .satisfies(r -> assertThat(r.getUrl()).isEqualTo("/orders/1"));
  }

  @Test
  void aWriterNeedsTheRoleAndTheScope() throws Exception {
    String writer = token("bob", List.of("orders-writer"), "orders:write", Map.of());
    String writerWithoutScope = token("bob", List.of("orders-writer"), "orders:read", Map.of());

    assertThat(status("POST", "/orders", bearer(writer))).isEqualTo(200);
    assertThat(status("POST", "/orders", bearer(writerWithoutScope))).isEqualTo(403);
  }

  @Test
  void aDenyRuleWinsOverAMatchingAllowRule() throws Exception {
    String testWriter = token("test-bot", List.of("orders-writer"), "orders:write", Map.of());

    assertThat(status("POST", "/orders", bearer(testWriter))).isEqualTo(403);
    assertThat(upstream.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    assertThat(decisions.list)
        .singleElement()
        .satisfies(
            event ->
                assertThat(event.getFormattedMessage())
                    .contains("route=orders")
                    .contains("outcome=deny")
                    .contains("subject=test-bot")
                    .contains("policy=orders-access")
                    .contains("rule=no-test-accounts")
                    .contains("method=POST")
                    .contains("path=/orders"));
  }

  @Test
  void consumerRulesTellApiKeysApart() {
    assertThat(status("GET", "/orders/1", apiKey("shop-key"))).isEqualTo(200);
    assertThat(status("GET", "/orders/1", apiKey("crawler-key"))).isEqualTo(403);
  }

  @Test
  void theRefusalIsAProblemThatRevealsNoPolicy() throws Exception {
    String reader = token("alice", List.of("orders-reader"), "orders:read", Map.of());

    String body =
        gateway
            .client()
            .delete()
            .uri("/orders/1")
            .headers(h -> h.setBearerAuth(reader))
            .exchange()
            .expectStatus()
            .isForbidden()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();

    assertThat(body)
        .contains("\"type\":\"https://portico.dev/problems/forbidden\"")
        .contains("\"status\":403")
        .contains("\"detail\":\"You are not allowed to do this.\"")
        .doesNotContain("orders-access")
        .doesNotContain("readers-may-read")
        .doesNotContain("rule")
        .doesNotContain("orders-reader");
  }

  @Test
  void aConditionComparesThePathWithAClaim() throws Exception {
    String acme = token("carol", List.of(), "", Map.of("tenant", "acme"));

    assertThat(status("GET", "/tenants/acme/orders", bearer(acme))).isEqualTo(200);
    assertThat(status("GET", "/tenants/umbrella/orders", bearer(acme))).isEqualTo(403);
    // The normalized path is what the condition sees: this is /tenants/umbrella/orders.
    assertThat(status("GET", "/tenants/acme/../umbrella/orders", bearer(acme))).isEqualTo(403);
  }

  @Test
  void aConditionOnTheClientAddressUsesTrustedProxies() {
    HttpHeaders office = new HttpHeaders();
    office.set("X-Forwarded-For", "10.20.1.7");
    HttpHeaders outside = new HttpHeaders();
    outside.set("X-Forwarded-For", "203.0.113.9");

    assertThat(status("GET", "/office/wiki", office)).isEqualTo(200);
    assertThat(status("GET", "/office/wiki", outside)).isEqualTo(403);
    assertThat(status("GET", "/office/wiki", new HttpHeaders())).isEqualTo(403);
  }

  @Test
  void anAnonymousCallerOfAnOptionalRouteIsAskedToAuthenticate() throws Exception {
    HttpHeaders preview = new HttpHeaders();
    preview.set("X-Preview", "1");
    HttpHeaders withToken = bearer(token("dave", List.of(), "", Map.of()));
    withToken.set("X-Preview", "1");

    gateway
        .client()
        .get()
        .uri("/preview/x")
        .headers(h -> h.addAll(preview))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"portico\"");
    assertThat(status("GET", "/preview/x", withToken)).isEqualTo(200);
  }

  @Test
  void aPublicRouteNeedsNothing() {
    assertThat(status("GET", "/open/x", new HttpHeaders())).isEqualTo(200);
  }

  @Test
  void decisionsAreCountedPerRouteAndOutcome() throws Exception {
    String reader = token("alice", List.of("orders-reader"), "orders:read", Map.of());
    double allowedBefore = decisionCount("orders", "allow");
    double deniedBefore = decisionCount("orders", "deny");

    status("GET", "/orders/1", bearer(reader));
    status("GET", "/orders/2", bearer(reader));
    status("PUT", "/orders/2", bearer(reader));

    assertThat(decisionCount("orders", "allow")).isEqualTo(allowedBefore + 2);
    assertThat(decisionCount("orders", "deny")).isEqualTo(deniedBefore + 1);
  }

  private double decisionCount(String route, String outcome) {
    return gateway.counter("portico.authz.decisions", "route", route, "outcome", outcome);
  }
}
