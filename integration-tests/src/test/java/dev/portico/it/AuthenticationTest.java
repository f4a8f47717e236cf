package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Authentication through the assembled gateway: bearer tokens verified against an identity
 * provider's JWKS (WireMock), API keys, optional routes, identity headers into the mesh, the header
 * strip, challenges and problem bodies, and an unreachable provider.
 */
class AuthenticationTest {

  static StubIssuer idp;
  static WireMockServer upstream;
  static PorticoGateway gateway;
  static RSAKey key;
  static String issuer;
  static String unreachableIssuer;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    idp = StubIssuer.start("/realms/test");
    upstream = Upstreams.wiremock();
    key = idp.key();
    issuer = idp.issuer();
    int dead = Upstreams.closedPort();
    unreachableIssuer = "http://127.0.0.1:" + dead + "/realms/gone";
    gateway =
        PorticoGateway.start(
            dir,
            """
            issuers:
              test:
                issuer: "%1$s"
                audiences: [orders-api]
                claims: { roles: realm_access.roles }
              unreachable:
                issuer: "http://127.0.0.1:%3$d/realms/gone"
                jwks: { fetch-timeout: 500ms }
            consumers:
              shop:
                # the key is "shop-key-1"
                api-keys: ["sha256:%4$s"]
                roles: [orders-reader]
                metadata: { plan: premium }
            upstreams:
              app: { endpoints: [ { url: "http://127.0.0.1:%2$d" } ] }
            routes:
              - id: public
                match: { path: /public/** }
                upstream: app
                public: true
              - id: orders
                match: { path: /orders/** }
                upstream: app
                auth: { bearer: { issuers: [test] }, api-key: {} }
              - id: private
                match: { path: /private/** }
                upstream: app
                auth:
                  bearer: { issuers: [test] }
                  forward-authorization: false
                  identity-headers: { X-User: "{subject}", X-Email: "{claim:email}", X-Team: "team={claim:org.team}" }
              - id: optional
                match: { path: /optional/** }
                upstream: app
                auth: { bearer: { issuers: [test] }, optional: true }
              - id: gone
                match: { path: /gone/** }
                upstream: app
                auth: { bearer: { issuers: [unreachable] } }
            """
                .formatted(issuer, upstream.port(), dead, sha256("shop-key-1")));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    idp.close();
    upstream.stop();
  }

  @BeforeEach
  void stubs() {
    upstream.resetAll();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
  }

  static String token(Map<String, Object> claims, RSAKey signer, Duration lifetime)
      throws Exception {
    JWTClaimsSet.Builder builder =
        idp.claims("alice", "orders-api", lifetime)
            .claim("realm_access", Map.of("roles", List.of("orders-reader", "auditor")))
            .claim("scope", "orders.read profile");
    claims.forEach(builder::claim);
    return StubIssuer.sign(builder.build(), signer);
  }

  static String validToken() throws Exception {
    return token(Map.of(), key, Duration.ofMinutes(5));
  }

  static String sha256(String text) throws Exception {
    byte[] hash =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return java.util.HexFormat.of().formatHex(hash);
  }

  private static LoggedRequest upstreamRequest() {
    List<LoggedRequest> requests = upstream.findAll(anyRequestedFor(anyUrl()));
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  @Test
  void requestWithoutCredentialsGets401WithPlainChallengesAndProblemBody() {
    gateway
        .client()
        .get()
        .uri("/orders/1")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals(
            HttpHeaders.WWW_AUTHENTICATE,
            "Bearer realm=\"portico\"",
            "ApiKey realm=\"portico\", header=\"X-Api-Key\"")
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://portico.dev/problems/unauthenticated")
        .jsonPath("$.status")
        .isEqualTo(401);
    assertThat(upstream.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void validTokenPassesWithIdentityHeadersAndTheAuthorizationHeader() throws Exception {
    String token = validToken();
    gateway
        .client()
        .get()
        .uri("/orders/1")
        .headers(h -> h.setBearerAuth(token))
        .exchange()
        .expectStatus()
        .isOk();
    LoggedRequest request = upstreamRequest();
    assertThat(request.getHeader("X-Portico-Subject")).isEqualTo("alice");
    assertThat(request.getHeader("X-Portico-Issuer")).isEqualTo("test");
    assertThat(request.getHeader("X-Portico-Roles")).isEqualTo("auditor,orders-reader");
    assertThat(request.getHeader("X-Portico-Scopes")).isEqualTo("orders.read profile");
    assertThat(request.containsHeader("X-Portico-Consumer")).isFalse();
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + token);
  }

  @Test
  void customIdentityHeadersReadClaimsAndAuthorizationCanBeWithheld() throws Exception {
    String token = validToken();
    gateway
        .client()
        .get()
        .uri("/private/x")
        .headers(h -> h.setBearerAuth(token))
        .exchange()
        .expectStatus()
        .isOk();
    LoggedRequest request = upstreamRequest();
    assertThat(request.getHeader("X-User")).isEqualTo("alice");
    assertThat(request.containsHeader("X-Email")).isFalse();
    // A header whose placeholders all come out empty is left out, literal text notwithstanding.
    assertThat(request.containsHeader("X-Team")).isFalse();
    assertThat(request.containsHeader("Authorization")).isFalse();
    assertThat(request.containsHeader("X-Portico-Subject")).isFalse();
  }

  @Test
  void expiredTokenIsRejectedWith401AndInvalidTokenError() throws Exception {
    String token = token(Map.of(), key, Duration.ofMinutes(-10));
    gateway
        .client()
        .get()
        .uri("/orders/1")
        .headers(h -> h.setBearerAuth(token))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .value(
            HttpHeaders.WWW_AUTHENTICATE,
            challenge ->
                assertThat(challenge)
                    .startsWith(
                        "Bearer realm=\"portico\", error=\"invalid_token\", error_description=\""));
    assertThat(upstream.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void tokenSignedByAnotherKeyIsRejected() throws Exception {
    RSAKey attacker = new RSAKeyGenerator(2048).keyID("k1").generate();
    String forged = token(Map.of(), attacker, Duration.ofMinutes(5));
    String body =
        gateway
            .client()
            .get()
            .uri("/orders/1")
            .headers(h -> h.setBearerAuth(forged))
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(body).doesNotContain(forged.substring(0, 20)).doesNotContain("Exception");
  }

  @Test
  void tokenForAnotherAudienceIsRejected() throws Exception {
    String token = token(Map.of("aud", "billing-api"), key, Duration.ofMinutes(5));
    gateway
        .client()
        .get()
        .uri("/orders/1")
        .headers(h -> h.setBearerAuth(token))
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void smuggledIdentityHeadersAreRemovedEvenOnPublicRoutes() {
    gateway
        .client()
        .get()
        .uri("/public/x")
        .header("X-Portico-Subject", "admin")
        .header("x-portico-roles", "superuser")
        .exchange()
        .expectStatus()
        .isOk();
    LoggedRequest request = upstreamRequest();
    assertThat(request.containsHeader("X-Portico-Subject")).isFalse();
    assertThat(request.containsHeader("X-Portico-Roles")).isFalse();
  }

  @Test
  void smuggledIdentityHeadersCannotOverrideTheRealPrincipal() throws Exception {
    String token = validToken();
    gateway
        .client()
        .get()
        .uri("/orders/1")
        .headers(h -> h.setBearerAuth(token))
        .header("X-Portico-Subject", "admin")
        .exchange()
        .expectStatus()
        .isOk();
    assertThat(upstreamRequest().getHeaders().getHeader("X-Portico-Subject").values())
        .containsExactly("alice");
  }

  @Test
  void validApiKeyPassesAndNeverReachesTheUpstream() {
    gateway
        .client()
        .get()
        .uri("/orders/1")
        .header("X-Api-Key", "shop-key-1")
        .exchange()
        .expectStatus()
        .isOk();
    LoggedRequest request = upstreamRequest();
    assertThat(request.getHeader("X-Portico-Consumer")).isEqualTo("shop");
    assertThat(request.getHeader("X-Portico-Subject")).isEqualTo("shop");
    assertThat(request.getHeader("X-Portico-Roles")).isEqualTo("orders-reader");
    assertThat(request.containsHeader("X-Api-Key")).isFalse();
  }

  @Test
  void unknownApiKeyIsRejected() {
    gateway
        .client()
        .get()
        .uri("/orders/1")
        .header("X-Api-Key", "guess")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals(
            HttpHeaders.WWW_AUTHENTICATE,
            "Bearer realm=\"portico\"",
            "ApiKey realm=\"portico\", header=\"X-Api-Key\"");
  }

  @Test
  void optionalRouteLetsAnonymousRequestsThroughWithoutIdentity() {
    gateway.client().get().uri("/optional/x").exchange().expectStatus().isOk();
    assertThat(upstreamRequest().containsHeader("X-Portico-Subject")).isFalse();
  }

  @Test
  void optionalRouteStillRefusesABadToken() {
    gateway
        .client()
        .get()
        .uri("/optional/x")
        .headers(h -> h.setBearerAuth("not.a.token"))
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void unreachableIdentityProviderGives503WithRetryAfter() throws Exception {
    String token = token(Map.of("iss", unreachableIssuer), key, Duration.ofMinutes(5));
    gateway
        .client()
        .get()
        .uri("/gone/x")
        .headers(h -> h.setBearerAuth(token))
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .valueEquals(HttpHeaders.RETRY_AFTER, "5")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://portico.dev/problems/authentication-unavailable");
    assertThat(upstream.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void outcomesAreCountedPerRouteAndOutcome() throws Exception {
    double before = bearerSuccessesOnOrders();
    String token = validToken();
    gateway
        .client()
        .get()
        .uri("/orders/2")
        .headers(h -> h.setBearerAuth(token))
        .exchange()
        .expectStatus()
        .isOk();
    assertThat(bearerSuccessesOnOrders()).isEqualTo(before + 1);
  }

  private static double bearerSuccessesOnOrders() {
    return gateway.counter(
        "portico.auth",
        "route",
        "orders",
        "issuer",
        "test",
        "method",
        "bearer",
        "outcome",
        "success");
  }
}
