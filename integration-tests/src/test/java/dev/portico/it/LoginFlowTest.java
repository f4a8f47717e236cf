package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.portico.it.idp.ScriptedBrowser;
import dev.portico.it.idp.TestIdentityProvider;
import java.net.URI;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway against a real OIDC provider (Spring Authorization Server): browser login end to end,
 * client-credentials JWTs and introspected opaque tokens.
 */
@RunsAlone
class LoginFlowTest {

  static TestIdentityProvider idp;
  static WireMockServer upstream;
  static PorticoGateway gateway;

  @BeforeAll
  static void start(@TempDir Path dir) {
    idp = TestIdentityProvider.start();
    upstream = Upstreams.wiremock();
    String secret =
        Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    gateway =
        PorticoGateway.start(
            dir,
            """
            gateway:
              auth:
                session: { secret: "%s" }
            issuers:
            %s
            upstreams:
              app: { endpoints: [ { url: "http://127.0.0.1:%d" } ] }
            routes:
              - id: web
                match: { path: /app/** }
                upstream: app
                auth: { login: { issuer: corp } }
              - id: api
                match: { path: /api/** }
                upstream: app
                auth: { bearer: { issuers: [corp] } }
            """
                .formatted(secret, idp.issuerYaml("corp", 2), upstream.port()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.stop();
    idp.close();
  }

  @BeforeEach
  void stubs() {
    upstream.resetAll();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("welcome")));
  }

  private static List<LoggedRequest> upstreamRequests() {
    return upstream.findAll(anyRequestedFor(anyUrl()));
  }

  @Test
  void browserLogsInAtTheProviderAndReachesTheUpstreamWithItsAccessToken() {
    ScriptedBrowser browser = new ScriptedBrowser();
    var navigation =
        browser.navigate(gateway.baseUrl() + "/app/orders?page=2", TestIdentityProvider.ALICE);

    assertThat(navigation.last().statusCode()).isEqualTo(200);
    assertThat(navigation.last().body()).isEqualTo("welcome");
    assertThat(navigation.visited())
        .anySatisfy(uri -> assertThat(uri.toString()).startsWith(idp.issuer().toString()));
    assertThat(navigation.visited().get(navigation.visited().size() - 1).toString())
        .isEqualTo(gateway.baseUrl() + "/app/orders?page=2");
    assertThat(browser.cookie("PORTICO_SESSION")).isPresent();
    LoggedRequest request = upstreamRequests().get(upstreamRequests().size() - 1);
    assertThat(request.getHeader("X-Portico-Subject")).isEqualTo("alice");
    assertThat(request.getHeader("X-Portico-Roles")).isEqualTo("orders-admin,orders-reader");
    assertThat(request.getHeader("Authorization")).startsWith("Bearer ey");
    assertThat(request.getHeader("Cookie")).doesNotContain("PORTICO_SESSION");
  }

  @Test
  void anEstablishedSessionNeedsNoFurtherTripToTheProvider() {
    ScriptedBrowser browser = new ScriptedBrowser();
    browser.navigate(gateway.baseUrl() + "/app/first", TestIdentityProvider.ALICE);
    var second = browser.navigate(gateway.baseUrl() + "/app/second", null);
    assertThat(second.visited()).containsExactly(URI.create(gateway.baseUrl() + "/app/second"));
    assertThat(second.last().statusCode()).isEqualTo(200);
  }

  @Test
  void nonBrowserRequestWithoutSessionGets401InsteadOfARedirect() {
    gateway
        .client()
        .get()
        .uri("/app/data")
        .header("Accept", "application/json")
        .exchange()
        .expectStatus()
        .isUnauthorized();
    assertThat(upstreamRequests()).isEmpty();
  }

  @Test
  void logoutEndsTheSession() {
    ScriptedBrowser browser = new ScriptedBrowser();
    browser.navigate(gateway.baseUrl() + "/app/x", TestIdentityProvider.BOB);
    browser.navigate(gateway.baseUrl() + "/oauth2/logout", null);
    var afterLogout = browser.navigate(gateway.baseUrl() + "/app/x", null);
    assertThat(ScriptedBrowser.isLoginPage(afterLogout.last().body())).isTrue();
  }

  @Test
  void clientCredentialsTokenFromTheProviderIsAccepted() {
    String token = idp.clientCredentialsToken();
    gateway
        .client()
        .get()
        .uri("/api/orders")
        .headers(h -> h.setBearerAuth(token))
        .exchange()
        .expectStatus()
        .isOk();
    assertThat(upstreamRequests().get(0).getHeader("X-Portico-Subject"))
        .isEqualTo(TestIdentityProvider.SERVICE_CLIENT.id());
  }

  @Test
  void opaqueTokenIsIntrospectedAtTheProvider() {
    String token = idp.opaqueToken(List.of("orders.read"));
    gateway
        .client()
        .get()
        .uri("/api/orders")
        .headers(h -> h.setBearerAuth(token))
        .exchange()
        .expectStatus()
        .isOk();
    assertThat(upstreamRequests().get(0).getHeader("X-Portico-Scopes")).contains("orders.read");
  }

  @Test
  void revokedOpaqueTokenIsRefused() {
    String token = idp.opaqueToken(List.of("orders.read"));
    idp.revoke(token, TestIdentityProvider.OPAQUE_CLIENT);
    gateway
        .client()
        .get()
        .uri("/api/orders")
        .headers(h -> h.setBearerAuth(token))
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }
}
