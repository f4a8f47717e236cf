package dev.portico.it.idp;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.portico.auth.AuthResult;
import dev.portico.auth.login.BrowserSession;
import dev.portico.auth.login.CookieChunks;
import dev.portico.auth.login.SessionCodec;
import dev.portico.it.RunsAlone;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code BrowserLogin} and {@code LoginEndpointsWebFilter} against the real identity provider: the
 * authorization code flow with PKCE, the session cookie, refresh, logout and the refusals.
 */
@RunsAlone
class BrowserLoginTest {

  private static TestIdentityProvider idp;
  private LoginTestApp app;
  private ScriptedBrowser browser;

  @BeforeAll
  static void startProvider() {
    idp = TestIdentityProvider.start();
  }

  @AfterAll
  static void stopProvider() {
    idp.close();
  }

  @BeforeEach
  void startApp() throws Exception {
    app = new LoginTestApp(idp);
    browser = new ScriptedBrowser();
  }

  @AfterEach
  void stopApp() {
    app.close();
  }

  private Predicate<URI> isCallback() {
    return uri -> uri.toString().startsWith(app.url(TestIdentityProvider.CALLBACK_PATH));
  }

  private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
    return JSONObjectUtils.parse(response.body());
  }

  /** The decoded query parameters of {@code uri} (first value of each). */
  static Map<String, String> query(URI uri) {
    Map<String, String> params = new java.util.LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        String name =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.putIfAbsent(name, value);
      }
    }
    return params;
  }

  private static List<String> setCookies(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie");
  }

  /** The session the browser holds, opened with the app's secret. */
  private BrowserSession heldSession() {
    String sealed =
        CookieChunks.join(
                "PORTICO_SESSION",
                name ->
                    browser.cookies().stream()
                        .filter(c -> c.getName().equals(name))
                        .map(HttpCookie::getValue)
                        .findFirst()
                        .orElse(null))
            .orElseThrow();
    return new SessionCodec(LoginTestApp.SECRET, app.clock, new SecureRandom())
        .openSession(sealed)
        .orElseThrow();
  }

  @Test
  void loginRoundTripBringsAliceBackToHerPageWithHerRolesAndAValidAccessToken() throws Exception {
    ScriptedBrowser.Navigation navigation =
        browser.navigate(app.url("/orders/7?view=full"), TestIdentityProvider.ALICE);

    assertThat(navigation.last().statusCode()).isEqualTo(200);
    assertThat(navigation.last().uri().toString()).isEqualTo(app.url("/orders/7?view=full"));
    assertThat(navigation.visited())
        .extracting(URI::getPath)
        .containsSubsequence(
            "/orders/7",
            "/oauth2/authorize",
            "/login",
            TestIdentityProvider.CALLBACK_PATH,
            "/orders/7");
    Map<String, Object> page = json(navigation.last());
    assertThat(page)
        .containsEntry("subject", "alice")
        .containsEntry("issuer", "corp")
        .containsEntry("kind", "session")
        .containsEntry("roles", List.of("orders-admin", "orders-reader"))
        .containsEntry("email", "alice@example.com");
    assertThat(page.get("scopes").toString()).contains("openid", "orders.read");
    AuthResult verified =
        app.registry.authenticateBearer((String) page.get("access_token"), List.of("corp")).block();
    assertThat(verified).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(((AuthResult.Authenticated) verified).principal().subject()).isEqualTo("alice");
    assertThat(browser.cookies())
        .extracting(HttpCookie::getName)
        .noneMatch(name -> name.startsWith("PORTICO_SESSION_LOGIN_"));
    assertThat(app.count("redirected")).isEqualTo(1);
    assertThat(app.count("logged-in")).isEqualTo(1);
  }

  @Test
  void authorizationRequestUsesPkceS256StateNonceAndTheCallbackOnThisHost() {
    HttpResponse<String> response = browser.get(URI.create(app.url("/orders")));

    assertThat(response.statusCode()).isEqualTo(302);
    URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
    assertThat(location.toString()).startsWith(idp.issuer() + "/oauth2/authorize?");
    Map<String, String> query = query(location);
    assertThat(query)
        .containsEntry("response_type", "code")
        .containsEntry("client_id", "portico-web")
        .containsEntry("redirect_uri", app.url("/oauth2/callback"))
        .containsEntry("scope", "openid profile email orders.read")
        .containsEntry("code_challenge_method", "S256");
    assertThat(query.get("code_challenge")).hasSize(43);
    assertThat(query.get("state")).hasSize(43);
    assertThat(query.get("nonce")).hasSize(43).isNotEqualTo(query.get("state"));
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(setCookies(response))
        .singleElement()
        .asString()
        .startsWith("PORTICO_SESSION_LOGIN_" + query.get("state").substring(0, 16) + "=")
        .containsIgnoringCase("Max-Age=600")
        .containsIgnoringCase("Path=/")
        .containsIgnoringCase("HttpOnly")
        .containsIgnoringCase("SameSite=Lax")
        .doesNotContainIgnoringCase("Secure");
  }

  @Test
  void sessionCookieIsHttpOnlyLaxSealedAndTheLoginStateCookieIsCleared() {
    ScriptedBrowser.Navigation toCallback =
        browser.navigate(app.url("/orders"), TestIdentityProvider.ALICE, isCallback());

    HttpResponse<String> callback = browser.get(toCallback.next());

    assertThat(callback.statusCode()).isEqualTo(302);
    assertThat(callback.headers().firstValue("Location")).contains("/orders");
    assertThat(callback.headers().firstValue("Cache-Control")).contains("no-store");
    List<String> cookies = setCookies(callback);
    assertThat(cookies)
        .anySatisfy(
            cookie ->
                assertThat(cookie)
                    .startsWith("PORTICO_SESSION_LOGIN_")
                    .containsIgnoringCase("Max-Age=0"));
    assertThat(cookies)
        .filteredOn(
            cookie ->
                cookie.startsWith("PORTICO_SESSION=") || cookie.startsWith("PORTICO_SESSION.0="))
        .isNotEmpty()
        .allSatisfy(
            cookie ->
                assertThat(cookie)
                    .containsIgnoringCase("HttpOnly")
                    .containsIgnoringCase("SameSite=Lax")
                    .containsIgnoringCase("Path=/")
                    .containsIgnoringCase("Max-Age=28800"));
    BrowserSession session = heldSession();
    assertThat(String.join("\n", cookies))
        .doesNotContain(session.accessToken())
        .doesNotContain(session.refreshToken())
        .doesNotContain("alice");
    assertThat(session.refreshToken()).isNotNull();
    assertThat(session.idToken()).isNotNull();
    int cookieHeader =
        browser.cookies().stream()
            .filter(cookie -> CookieChunks.belongsTo("PORTICO_SESSION", cookie.getName()))
            .mapToInt(cookie -> cookie.getName().length() + 1 + cookie.getValue().length() + 2)
            .sum();
    assertThat(cookieHeader).as("one cookie, well within 8 KB of request headers").isLessThan(3800);
  }

  @Test
  void callbackWithUnknownStateIs400ProblemThatLeaksNoCode() throws Exception {
    HttpResponse<String> response =
        browser.get(
            URI.create(app.url("/oauth2/callback?code=SECRET-CODE-VALUE&state=" + "s".repeat(43))));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(json(response))
        .containsEntry("type", "https://portico.dev/problems/invalid-login-state")
        .containsEntry("status", 400L)
        .containsEntry("instance", "/oauth2/callback")
        .containsKeys("title", "detail");
    assertThat(response.body()).doesNotContain("SECRET-CODE-VALUE");
  }

  @Test
  void callbackWithoutStateIs400() throws Exception {
    HttpResponse<String> response = browser.get(URI.create(app.url("/oauth2/callback?code=x")));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response))
        .containsEntry("type", "https://portico.dev/problems/invalid-login-state");
  }

  @Test
  void loginStateOfAnotherBrowserIsRefused() throws Exception {
    ScriptedBrowser.Navigation toCallback =
        browser.navigate(app.url("/orders"), TestIdentityProvider.ALICE, isCallback());

    HttpResponse<String> stolen = new ScriptedBrowser().get(toCallback.next());

    assertThat(stolen.statusCode()).isEqualTo(400);
    assertThat(json(stolen))
        .containsEntry("type", "https://portico.dev/problems/invalid-login-state");
    assertThat(app.count("logged-in")).isZero();
  }

  @Test
  void providerErrorIs401ProblemNamingTheError() throws Exception {
    HttpResponse<String> start = browser.get(URI.create(app.url("/orders")));
    String state =
        query(URI.create(start.headers().firstValue("Location").orElseThrow())).get("state");

    HttpResponse<String> response =
        browser.get(URI.create(app.url("/oauth2/callback?error=access_denied&state=" + state)));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response))
        .containsEntry("type", "https://portico.dev/problems/login-failed")
        .containsEntry("status", 401L);
    assertThat(json(response).get("detail").toString()).contains("access_denied");
    assertThat(setCookies(response))
        .anySatisfy(
            cookie ->
                assertThat(cookie)
                    .startsWith("PORTICO_SESSION_LOGIN_")
                    .containsIgnoringCase("Max-Age=0"));
  }

  @Test
  void codeTheProviderRefusesIs401AndLeaksNothing() throws Exception {
    HttpResponse<String> start = browser.get(URI.create(app.url("/orders")));
    String state =
        query(URI.create(start.headers().firstValue("Location").orElseThrow())).get("state");

    HttpResponse<String> response =
        browser.get(URI.create(app.url("/oauth2/callback?code=forged-code&state=" + state)));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response)).containsEntry("type", "https://portico.dev/problems/login-failed");
    assertThat(json(response).get("detail").toString()).contains("invalid_grant");
    assertThat(response.body()).doesNotContain("forged-code", "portico-web-secret");
    assertThat(app.count("login-failed")).isEqualTo(1);
  }

  @Test
  void replayedCallbackIsRefused() throws Exception {
    ScriptedBrowser.Navigation toCallback =
        browser.navigate(app.url("/orders"), TestIdentityProvider.ALICE, isCallback());
    assertThat(browser.get(toCallback.next()).statusCode()).isEqualTo(302);

    HttpResponse<String> replay = browser.get(toCallback.next());

    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(json(replay))
        .containsEntry("type", "https://portico.dev/problems/invalid-login-state");
  }

  @Test
  void twoLoginsInParallelTabsBothSucceed() throws Exception {
    HttpResponse<String> first = browser.get(URI.create(app.url("/first")));
    HttpResponse<String> second = browser.get(URI.create(app.url("/second")));

    ScriptedBrowser.Navigation firstDone =
        browser.follow(
            URI.create(app.url("/first")), first, TestIdentityProvider.ALICE, uri -> false);
    ScriptedBrowser.Navigation secondDone =
        browser.follow(
            URI.create(app.url("/second")), second, TestIdentityProvider.ALICE, uri -> false);

    assertThat(json(firstDone.last())).containsEntry("path", "/first");
    assertThat(json(secondDone.last())).containsEntry("path", "/second");
  }

  @Test
  void protocolRelativeReturnPathCannotRedirectOffThisHost() {
    ScriptedBrowser.Navigation toCallback =
        browser.navigate(app.url("//evil.example/steal"), TestIdentityProvider.ALICE, isCallback());

    HttpResponse<String> callback = browser.get(toCallback.next());

    assertThat(callback.statusCode()).isEqualTo(302);
    assertThat(callback.headers().firstValue("Location")).contains("/");
  }

  @Test
  void expiredAccessTokenIsRefreshedAndTheNewSessionCookieSet() throws Exception {
    String before =
        (String)
            json(browser.navigate(app.url("/orders"), TestIdentityProvider.ALICE).last())
                .get("access_token");
    String refreshBefore = heldSession().refreshToken();

    app.clock.advance(Duration.ofMinutes(6));
    HttpResponse<String> after = browser.get(URI.create(app.url("/orders")));

    assertThat(after.statusCode()).isEqualTo(200);
    String token = (String) json(after).get("access_token");
    assertThat(token).isNotEqualTo(before);
    assertThat(app.registry.authenticateBearer(token, List.of("corp")).block())
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(setCookies(after))
        .anySatisfy(cookie -> assertThat(cookie).startsWith("PORTICO_SESSION"));
    assertThat(heldSession().accessToken()).isEqualTo(token);
    assertThat(heldSession().refreshToken()).isNotEqualTo(refreshBefore);
    assertThat(app.count("refreshed")).isEqualTo(1);
  }

  @Test
  void refreshTheProviderRefusesEndsTheSessionAndSendsTheBrowserToLogIn() {
    browser.navigate(app.url("/orders"), TestIdentityProvider.ALICE);
    idp.revoke(heldSession().refreshToken(), TestIdentityProvider.LOGIN_CLIENT);

    app.clock.advance(Duration.ofMinutes(6));
    HttpResponse<String> after = browser.get(URI.create(app.url("/orders")));

    assertThat(after.statusCode()).isEqualTo(302);
    assertThat(after.headers().firstValue("Location").orElseThrow())
        .startsWith(idp.issuer() + "/oauth2/authorize?");
    assertThat(setCookies(after))
        .anySatisfy(
            cookie ->
                assertThat(cookie)
                    .startsWith("PORTICO_SESSION=")
                    .containsIgnoringCase("Max-Age=0"));
    assertThat(app.count("refresh-failed")).isEqualTo(1);
  }

  @Test
  void sessionEndsAfterMaxAgeWhateverTheTokens() {
    browser.navigate(app.url("/orders"), TestIdentityProvider.ALICE);

    app.clock.advance(Duration.ofHours(8));
    HttpResponse<String> after = browser.get(URI.create(app.url("/orders")));

    assertThat(after.statusCode()).isEqualTo(302);
    assertThat(after.headers().firstValue("Location").orElseThrow())
        .startsWith(idp.issuer() + "/oauth2/authorize?");
  }

  @Test
  void tamperedSessionCookieIsNoSessionAndIsCleared() {
    browser.navigate(app.url("/orders"), TestIdentityProvider.ALICE);
    String sealed = browser.cookie("PORTICO_SESSION").orElseThrow();
    char flipped = sealed.charAt(40) == 'A' ? 'B' : 'A';
    browser.setCookie(
        URI.create(app.origin()),
        "PORTICO_SESSION",
        sealed.substring(0, 40) + flipped + sealed.substring(41));

    HttpResponse<String> after = browser.get(URI.create(app.url("/orders")));

    assertThat(after.statusCode()).isEqualTo(302);
    assertThat(setCookies(after))
        .anySatisfy(
            cookie ->
                assertThat(cookie)
                    .startsWith("PORTICO_SESSION=")
                    .containsIgnoringCase("Max-Age=0"));
  }

  @Test
  void logoutClearsTheSessionAndLogsOutAtTheProviderToo() {
    browser.navigate(app.url("/orders"), TestIdentityProvider.ALICE);
    String idToken = heldSession().idToken();

    HttpResponse<String> logout = browser.post(URI.create(app.url("/oauth2/logout")), Map.of());

    assertThat(logout.statusCode()).isEqualTo(302);
    URI endSession = URI.create(logout.headers().firstValue("Location").orElseThrow());
    assertThat(endSession.toString()).startsWith(idp.issuer() + "/connect/logout?");
    assertThat(query(endSession))
        .containsEntry("id_token_hint", idToken)
        .containsEntry("client_id", "portico-web")
        .containsEntry("post_logout_redirect_uri", app.url("/"));
    assertThat(setCookies(logout))
        .anySatisfy(
            cookie ->
                assertThat(cookie)
                    .startsWith("PORTICO_SESSION=")
                    .containsIgnoringCase("Max-Age=0"));
    ScriptedBrowser.Navigation back =
        browser.follow(
            endSession, browser.get(endSession), null, uri -> uri.toString().equals(app.url("/")));
    assertThat(back.next())
        .as("%s answered %s %s", back.visited(), back.last().statusCode(), back.last().body())
        .isEqualTo(URI.create(app.url("/")));
    assertThat(browser.cookie("PORTICO_SESSION")).isEmpty();

    ScriptedBrowser.Navigation again = browser.navigate(app.url("/orders"), null);
    assertThat(ScriptedBrowser.isLoginPage(again.last().body()))
        .as("the provider asks for the password again")
        .isTrue();
    assertThat(app.count("logged-out")).isEqualTo(1);
  }

  @Test
  void logoutWithoutSessionGoesHome() {
    HttpResponse<String> logout = browser.get(URI.create(app.url("/oauth2/logout")));

    assertThat(logout.statusCode()).isEqualTo(302);
    assertThat(logout.headers().firstValue("Location")).contains("/");
  }

  @Test
  void loginCookiesNeverReachTheUpstreamButOtherCookiesDo() throws Exception {
    browser.navigate(app.url("/orders"), TestIdentityProvider.ALICE);
    browser.setCookie(URI.create(app.origin()), "theme", "dark");

    Map<String, Object> page = json(browser.get(URI.create(app.url("/orders"))));

    assertThat(page.get("upstream_cookies").toString())
        .contains("theme=dark")
        .doesNotContain("PORTICO_SESSION");
  }

  @Test
  void providerThatCannotBeReachedGets502ProblemInsteadOfARedirect() throws Exception {
    int closed;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    try (LoginTestApp offline =
        new LoginTestApp(
            "  corp:\n    issuer: http://127.0.0.1:"
                + closed
                + "\n    login: { client-id: portico-web, client-secret: s }")) {
      HttpResponse<String> response = browser.get(URI.create(offline.url("/orders")));

      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(json(response))
          .containsEntry("type", "https://portico.dev/problems/identity-provider-unavailable")
          .containsEntry("instance", "/orders");
      assertThat(setCookies(response)).isEmpty();
    }
  }

  @Test
  void otherMethodsOnTheCallbackAre405WithAllow() throws Exception {
    HttpResponse<String> response =
        browser.post(URI.create(app.url("/oauth2/callback")), Map.of("code", "x"));

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).contains("GET");
    assertThat(json(response))
        .containsEntry("type", "https://portico.dev/problems/method-not-allowed");
  }
}
