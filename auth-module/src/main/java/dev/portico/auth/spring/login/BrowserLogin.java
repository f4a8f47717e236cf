package dev.portico.auth.spring.login;

import dev.portico.auth.login.BrowserSession;
import dev.portico.auth.login.LoginState;
import dev.portico.auth.login.SessionCodec;
import dev.portico.auth.token.IssuerRegistry;
import dev.portico.auth.token.ProviderMetadata;
import dev.portico.config.model.Issuer;
import dev.portico.config.model.SessionSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Browser login (OIDC authorization code flow with PKCE, state and nonce) for the routes of one
 * configuration snapshot, with the session kept in a sealed cookie so any replica can serve it.
 *
 * <p>The gateway's authentication filter calls {@link #session} for a route with login and, when
 * there is none, {@link #redirectToLogin}. {@link LoginEndpointsWebFilter} serves the callback and
 * logout paths.
 *
 * <p>Immutable and thread-safe; nothing blocks (the token endpoint is called with the JDK HTTP
 * client's asynchronous API, off the event loop). Failure behaviour: a session cookie that is
 * tampered with, sealed with another secret, or expired counts as no session (and is cleared); an
 * access token that has expired is refreshed with the refresh token, and a refresh that fails for
 * any reason (refused, provider unreachable, new ID token invalid) ends the session, so the user
 * logs in again. The principal (subject, roles, claims) is the one of the login's ID token for the
 * session's whole life; a refresh renews the tokens only. Monos may complete on the HTTP client's
 * threads. Outcomes are counted in {@code portico.auth.login{issuer, outcome}}: {@code redirected},
 * {@code logged-in}, {@code refreshed}, {@code refresh-failed}, {@code session-expired}, {@code
 * session-invalid}, {@code logged-out}, and the problem slugs of failed steps ({@code
 * invalid-login-state}, {@code login-failed}, {@code invalid-id-token}, {@code
 * identity-provider-unavailable}, …).
 */
public final class BrowserLogin {

  /**
   * An access token is refreshed when it expires within this time, so upstreams get a valid one.
   */
  static final Duration REFRESH_AHEAD = Duration.ofSeconds(30);

  private static final Duration DEFAULT_MAX_AGE = Duration.ofHours(8);

  private final LoginContext context;
  private final SessionRefresher refresher;
  private final CallbackHandler callback;
  private final LogoutHandler logout;

  /**
   * Browser login with its own HTTP client, a {@link SecureRandom} and no metrics. Prefer the full
   * constructor with one HTTP client shared by every configuration snapshot.
   *
   * @see #BrowserLogin(IssuerRegistry, Map, SessionSettings, Clock, HttpClient, RandomGenerator,
   *     MeterRegistry)
   */
  public BrowserLogin(
      IssuerRegistry registry, Map<String, Issuer> issuers, SessionSettings session, Clock clock) {
    this(
        registry,
        issuers,
        session,
        clock,
        defaultHttpClient(),
        new SecureRandom(),
        new SimpleMeterRegistry());
  }

  /**
   * @param registry verifies ID tokens and serves the providers' discovery metadata
   * @param issuers the configured issuers; those with a {@code login} block can be logged in with
   * @param session the session settings; {@code secret} is required
   * @param clock decides session and token expiry
   * @param http client for the token endpoints (asynchronous sends only; see {@link
   *     #defaultHttpClient()})
   * @param random source of state, nonce, PKCE verifiers and cookie nonces; a {@link SecureRandom}
   *     in production
   * @param meters where login outcomes are counted
   * @throws IllegalArgumentException when the session secret is missing, not base64 or shorter than
   *     32 bytes (the message never contains the secret)
   */
  public BrowserLogin(
      IssuerRegistry registry,
      Map<String, Issuer> issuers,
      SessionSettings session,
      Clock clock,
      HttpClient http,
      RandomGenerator random,
      MeterRegistry meters) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(session, "session");
    if (session.secret() == null) {
      throw new IllegalArgumentException(
          "gateway.auth.session.secret is required for browser login");
    }
    Map<String, Issuer> loginIssuers = new LinkedHashMap<>();
    Map<String, TokenEndpoint> endpoints = new LinkedHashMap<>();
    issuers.forEach(
        (name, issuer) -> {
          if (issuer.login() != null) {
            loginIssuers.put(name, issuer);
            endpoints.put(name, new TokenEndpoint(http, issuer.login()));
          }
        });
    this.context =
        new LoginContext(
            registry,
            Map.copyOf(loginIssuers),
            Map.copyOf(endpoints),
            SessionCodec.fromBase64Secret(session.secret(), clock, random),
            new LoginCookies(orDefault(session.cookieName(), "PORTICO_SESSION")),
            session.maxAge() == null ? DEFAULT_MAX_AGE : session.maxAge(),
            orDefault(session.callbackPath(), "/oauth2/callback"),
            orDefault(session.logoutPath(), "/oauth2/logout"),
            clock,
            random,
            meters);
    this.refresher = new SessionRefresher(context);
    this.callback = new CallbackHandler(context);
    this.logout = new LogoutHandler(context);
  }

  /** The path the provider redirects back to (the registered redirect URI's path). */
  public String callbackPath() {
    return context.callbackPath();
  }

  /** The path that ends the session. */
  public String logoutPath() {
    return context.logoutPath();
  }

  /**
   * Sends the browser to the provider's login: a 302 to its authorization endpoint (response_type
   * code, client_id, redirect_uri {@code scheme://host{callback-path}} as this request was
   * addressed, scope, state, nonce, PKCE S256 challenge), with the login state in a sealed,
   * HttpOnly, SameSite=Lax cookie (Secure over https) that expires after {@link
   * LoginState#LIFETIME}. After the login the browser returns to this request's path and query.
   *
   * <p>When the provider's discovery document cannot be fetched, answers 502 problem+json.
   *
   * @throws IllegalArgumentException (through the Mono) when {@code issuerName} has no login block
   */
  public Mono<Void> redirectToLogin(ServerWebExchange exchange, String issuerName) {
    Issuer issuer = context.issuers().get(issuerName);
    if (issuer == null) {
      return Mono.error(
          new IllegalArgumentException("issuer '" + issuerName + "' has no login block"));
    }
    ServerHttpRequest request = exchange.getRequest();
    String query = request.getURI().getRawQuery();
    String returnTo = request.getPath().value() + (query == null ? "" : "?" + query);
    return context
        .registry()
        .providerMetadata(issuerName)
        .switchIfEmpty(Mono.error(() -> new IllegalStateException("no provider metadata")))
        .flatMap(
            metadata -> {
              if (metadata.authorizationEndpoint() == null) {
                return Mono.error(
                    LoginProblem.providerUnavailable(
                        "The identity provider publishes no authorization endpoint."));
              }
              LoginState state =
                  LoginState.begin(issuerName, returnTo, context.random(), context.clock());
              context
                  .cookies()
                  .writeLoginState(
                      exchange, state.state(), context.codec().seal(state), LoginState.LIFETIME);
              context.count(issuerName, "redirected");
              return LoginContext.redirect(
                  exchange, authorizationUrl(metadata, issuer, state, request));
            })
        .onErrorResume(
            error -> !(error instanceof LoginProblem),
            error ->
                Mono.error(
                    LoginProblem.providerUnavailable(
                        "The identity provider's login cannot be reached right now.")))
        .onErrorResume(
            LoginProblem.class,
            problem -> {
              context.count(issuerName, problem.slug());
              return problem.write(exchange);
            });
  }

  /**
   * The request's login session for {@code issuerName}; empty when there is none, it is for another
   * issuer, it is not authentic or it has ended. An access token that has expired (or will within
   * 30 seconds) is refreshed first, and the new session cookie is set on the response; when that is
   * not possible the session cookie is cleared and the result is empty. Never fails.
   */
  public Mono<LoginSession> session(ServerWebExchange exchange, String issuerName) {
    Optional<String> sealed = context.cookies().sessionValue(exchange.getRequest());
    if (sealed.isEmpty()) {
      return Mono.empty();
    }
    Optional<BrowserSession> opened = context.codec().openSession(sealed.get());
    if (opened.isEmpty()) {
      context.cookies().clearSession(exchange);
      context.count(null, "session-invalid");
      return Mono.empty();
    }
    BrowserSession session = opened.get();
    if (!session.issuer().equals(issuerName)) {
      return Mono.empty();
    }
    if (!session.accessTokenExpired(context.clock().instant(), REFRESH_AHEAD)) {
      return Mono.just(new LoginSession(session.principal(), session.accessToken()));
    }
    return refresher.refresh(exchange, session);
  }

  /**
   * {@code request} without Portico's session and login-state cookies, so they never reach an
   * upstream. Returns {@code request} itself when it carries none.
   */
  public ServerHttpRequest withoutLoginCookies(ServerHttpRequest request) {
    return context.cookies().withoutLoginCookies(request);
  }

  /** Serves {@code GET {callback-path}}: see {@link LoginEndpointsWebFilter}. */
  Mono<Void> handleCallback(ServerWebExchange exchange) {
    return callback.handle(exchange);
  }

  /** Serves {@code GET|POST {logout-path}}: see {@link LoginEndpointsWebFilter}. */
  Mono<Void> handleLogout(ServerWebExchange exchange) {
    return logout.handle(exchange);
  }

  private String authorizationUrl(
      ProviderMetadata metadata, Issuer issuer, LoginState state, ServerHttpRequest request) {
    List<String> scopes = new ArrayList<>(issuer.login().scopes());
    if (!scopes.contains("openid")) {
      scopes.add(0, "openid");
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("response_type", "code");
    params.put("client_id", issuer.login().clientId());
    params.put("redirect_uri", context.redirectUri(request));
    params.put("scope", String.join(" ", scopes));
    params.put("state", state.state());
    params.put("nonce", state.nonce());
    params.put("code_challenge", state.codeChallenge());
    params.put("code_challenge_method", "S256");
    return withQuery(metadata.authorizationEndpoint().toString(), params);
  }

  static String withQuery(String url, Map<String, String> params) {
    String separator = url.contains("?") ? "&" : "?";
    return url + separator + TokenEndpoint.formEncode(params);
  }

  /**
   * An HTTP client fit for token endpoints: HTTP/1.1, 5 s connect timeout, redirects not followed
   * (a token endpoint that redirects is misconfigured, and following would resend credentials).
   */
  public static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
