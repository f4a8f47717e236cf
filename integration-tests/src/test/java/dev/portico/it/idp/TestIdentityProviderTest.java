package dev.portico.it.idp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.portico.auth.AuthResult;
import dev.portico.auth.Principal;
import dev.portico.auth.login.Pkce;
import dev.portico.it.RunsAlone;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;

/** The identity provider fixture itself: discovery, tokens, introspection, a scripted login. */
@RunsAlone
class TestIdentityProviderTest {

  private static TestIdentityProvider idp;

  @BeforeAll
  static void start() {
    idp = TestIdentityProvider.start();
  }

  @AfterAll
  static void stop() {
    idp.close();
  }

  @Test
  void discoveryDocumentNamesTheIssuerAndEveryEndpointPorticoUses() throws Exception {
    HttpResponse<String> response =
        new ScriptedBrowser().get(idp.uri("/.well-known/openid-configuration"));

    Map<String, Object> discovery = JSONObjectUtils.parse(response.body());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(discovery)
        .containsEntry("issuer", idp.issuer().toString())
        .containsEntry("jwks_uri", idp.issuer() + "/oauth2/jwks")
        .containsEntry("authorization_endpoint", idp.issuer() + "/oauth2/authorize")
        .containsEntry("token_endpoint", idp.issuer() + "/oauth2/token")
        .containsEntry("introspection_endpoint", idp.issuer() + "/oauth2/introspect")
        .containsEntry("end_session_endpoint", idp.issuer() + "/connect/logout");
    assertThat(idp.issuer().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
  }

  @Test
  void clientCredentialsTokenIsAnRs256JwtWithRolesAndScopes() throws Exception {
    SignedJWT jwt = SignedJWT.parse(idp.clientCredentialsToken());

    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(jwt.getHeader().getKeyID()).startsWith("test-idp-");
    assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(idp.issuer().toString());
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("orders-service");
    assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("service");
    assertThat(jwt.getJWTClaimsSet().getStringListClaim("scope"))
        .containsExactlyInAnyOrder("orders.read", "orders.write");
    assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isNotNull();
  }

  @Test
  void wrongClientSecretGetsNoToken() {
    assertThatThrownBy(
            () ->
                idp.clientCredentialsToken(
                    TestIdentityProvider.SERVICE_CLIENT.id(), "wrong", List.of("orders.read")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("401");
  }

  @Test
  void opaqueTokenIsNotAJwtAndIntrospectsActiveWithRoles() {
    String token = idp.opaqueToken(List.of("orders.read"));

    Map<String, Object> answer = idp.introspect(token);

    assertThat(token).doesNotContain(".");
    assertThat(answer)
        .containsEntry("active", true)
        .containsEntry("client_id", TestIdentityProvider.OPAQUE_CLIENT.id())
        .containsEntry("sub", TestIdentityProvider.OPAQUE_CLIENT.id())
        .containsEntry("iss", idp.issuer().toString())
        .containsEntry("scope", "orders.read")
        .containsEntry("roles", List.of("service"));
  }

  @Test
  void revokedOpaqueTokenIntrospectsInactive() {
    String token = idp.opaqueToken(List.of("orders.read"));

    idp.revoke(token, TestIdentityProvider.OPAQUE_CLIENT);

    assertThat(idp.introspect(token)).containsEntry("active", false);
  }

  @Test
  void scriptedBrowserLogsInThroughTheFormAndIsSentToTheCallbackWithACode() throws Exception {
    String verifier = "v".repeat(43);
    String redirectUri = "http://127.0.0.1:1" + TestIdentityProvider.CALLBACK_PATH;
    String authorize =
        UriComponentsBuilder.fromUri(idp.uri("/oauth2/authorize"))
            .queryParam("response_type", "code")
            .queryParam("client_id", TestIdentityProvider.LOGIN_CLIENT.id())
            .queryParam("redirect_uri", redirectUri)
            .queryParam("scope", "openid profile")
            .queryParam("state", "state-123")
            .queryParam("nonce", "nonce-456")
            .queryParam("code_challenge", Pkce.challenge(verifier))
            .queryParam("code_challenge_method", "S256")
            .encode()
            .build()
            .toUriString();
    ScriptedBrowser browser = new ScriptedBrowser();

    ScriptedBrowser.Navigation navigation =
        browser.navigate(
            authorize,
            TestIdentityProvider.ALICE,
            next -> next.getPath().equals(TestIdentityProvider.CALLBACK_PATH));

    assertThat(navigation.visited())
        .anySatisfy(uri -> assertThat(uri.getPath()).isEqualTo("/login"));
    assertThat(navigation.next()).isNotNull();
    Map<String, List<String>> query =
        UriComponentsBuilder.fromUri(navigation.next()).build().getQueryParams();
    assertThat(navigation.next().toString()).startsWith(redirectUri + "?");
    assertThat(query.get("state")).containsExactly("state-123");
    assertThat(query.get("code")).singleElement().asString().isNotBlank();
    assertThat(browser.cookie("JSESSIONID")).isPresent();
  }

  @Test
  void loginPageCarriesACsrfToken() {
    HttpResponse<String> page = new ScriptedBrowser().get(idp.uri("/login"));

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(ScriptedBrowser.isLoginPage(page.body())).isTrue();
    assertThat(ScriptedBrowser.hiddenInputs(page.body())).containsKey("_csrf");
  }

  @Test
  void loginWithoutCsrfTokenIsRefused() {
    ScriptedBrowser browser = new ScriptedBrowser();
    browser.get(idp.uri("/login"));

    HttpResponse<String> response =
        browser.post(idp.uri("/login"), Map.of("username", "alice", "password", "alice-password"));

    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void wrongPasswordEndsOnTheLoginPageAgain() {
    TestIdentityProvider.TestUser impostor =
        new TestIdentityProvider.TestUser("alice", "guess", List.of(), "", "");

    ScriptedBrowser.Navigation navigation =
        new ScriptedBrowser().navigate(idp.uri("/login").toString(), impostor);

    assertThat(navigation.last().statusCode()).isEqualTo(200);
    assertThat(navigation.last().uri().getQuery()).isEqualTo("error");
    assertThat(ScriptedBrowser.isLoginPage(navigation.last().body())).isTrue();
  }

  @Test
  void porticoAcceptsTheServiceTokenWithItsRolesAndScopes() throws Exception {
    try (LoginTestApp portico = new LoginTestApp(idp)) {
      AuthResult result =
          portico
              .registry
              .authenticateBearer(idp.clientCredentialsToken(), List.of("corp"))
              .block();

      assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
      Principal principal = ((AuthResult.Authenticated) result).principal();
      assertThat(principal.subject()).isEqualTo("orders-service");
      assertThat(principal.issuer()).isEqualTo("corp");
      assertThat(principal.roles()).containsExactly("service");
      assertThat(principal.scopes()).containsExactlyInAnyOrder("orders.read", "orders.write");
    }
  }

  @Test
  void porticoIntrospectsTheOpaqueToken() throws Exception {
    try (LoginTestApp portico = new LoginTestApp(idp)) {
      AuthResult result =
          portico
              .registry
              .authenticateBearer(idp.opaqueToken(List.of("orders.read")), List.of("corp"))
              .block();

      assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
      Principal principal = ((AuthResult.Authenticated) result).principal();
      assertThat(principal.subject()).isEqualTo("legacy-service");
      assertThat(principal.roles()).containsExactly("service");
      assertThat(principal.scopes()).containsExactly("orders.read");
    }
  }
}
