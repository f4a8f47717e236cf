package dev.portico.auth.spring;

import dev.portico.auth.AuthResult;
import dev.portico.auth.Credential;
import dev.portico.auth.IdentityHeaders;
import dev.portico.auth.Principal;
import dev.portico.auth.Rejection;
import dev.portico.auth.apikey.ApiKeyRegistry;
import dev.portico.auth.spring.login.BrowserLogin;
import dev.portico.auth.token.IssuerRegistry;
import dev.portico.config.model.RouteAuth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Decides who the caller of a route is, before anything else on the route runs. It looks for one
 * credential, in this order: a bearer token (when the route accepts bearer tokens), an API key
 * (when it accepts API keys), a login session (when it has browser login). The first credential
 * found decides; a bad one is refused even on an optional route. On success the {@link Principal}
 * is attached to the exchange ({@link #PRINCIPAL_ATTR}) and identity headers are added to the
 * upstream request; the API key never leaves Portico.
 *
 * <p>Immutable; built once per route and configuration snapshot. Never blocks: token checks that
 * need the identity provider are asynchronous.
 */
public final class AuthenticationFilter implements GatewayFilter {

  /** Exchange attribute holding the authenticated {@link Principal}, absent when anonymous. */
  public static final String PRINCIPAL_ATTR = "portico.principal";

  private final String routeId;
  private final RouteAuth auth;
  private final AuthContext context;
  private final IdentityHeaders identityHeaders;

  /**
   * The shared pieces of one configuration snapshot.
   *
   * @param realm realm of challenges
   * @param maxTokenLength longest token accepted, in characters
   * @param issuers token verification
   * @param apiKeys API key lookup
   * @param login browser login, or null when no route uses it
   * @param metrics outcome counters
   */
  public record AuthContext(
      String realm,
      long maxTokenLength,
      IssuerRegistry issuers,
      ApiKeyRegistry apiKeys,
      BrowserLogin login,
      AuthMetrics metrics) {}

  public AuthenticationFilter(String routeId, RouteAuth auth, AuthContext context) {
    this.routeId = routeId;
    this.auth = auth;
    this.context = context;
    this.identityHeaders = IdentityHeaders.compile(auth.identityHeaders());
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    Credential credential =
        Credential.find(
            auth,
            request.getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION),
            request.getHeaders()::getFirst,
            request.getQueryParams()::getFirst);
    if (!(credential instanceof Credential.Absent)) {
      String method = credential instanceof Credential.ApiKey ? "api-key" : "bearer";
      return check(credential, auth, context)
          .flatMap(result -> proceed(result, method, exchange, chain, null));
    }
    if (auth.login() != null && context.login() != null) {
      // Decide on the session first: the chain's own Mono<Void> completes empty, so it must not
      // be followed by switchIfEmpty.
      return context
          .login()
          .session(exchange, auth.login().issuer())
          .map(Optional::of)
          .defaultIfEmpty(Optional.empty())
          .flatMap(
              session ->
                  session.isPresent()
                      ? succeed(
                          session.get().principal(),
                          "login",
                          exchange,
                          chain,
                          session.get().accessToken())
                      : withoutCredentials(exchange, chain));
    }
    return withoutCredentials(exchange, chain);
  }

  /**
   * Checks a bearer token or API key for a route, as the filter does (also for {@code portico
   * explain}). Never blocks: token checks that need the identity provider are asynchronous.
   *
   * @param credential not {@link Credential.Absent}
   */
  public static Mono<AuthResult> check(Credential credential, RouteAuth auth, AuthContext context) {
    if (credential instanceof Credential.Malformed malformed) {
      return Mono.just(
          new AuthResult.Rejected(Rejection.INVALID_TOKEN, malformed.description(), null));
    }
    if (credential instanceof Credential.Bearer bearer) {
      return bearer.token().length() > context.maxTokenLength()
          ? Mono.just(
              new AuthResult.Rejected(Rejection.INVALID_TOKEN, "The token is too large.", null))
          : context.issuers().authenticateBearer(bearer.token(), auth.bearer().issuers());
    }
    if (credential instanceof Credential.ApiKey apiKey) {
      return Mono.just(context.apiKeys().authenticate(apiKey.key()));
    }
    throw new IllegalArgumentException("no credential to check");
  }

  private Mono<Void> proceed(
      AuthResult result,
      String method,
      ServerWebExchange exchange,
      GatewayFilterChain chain,
      String relayToken) {
    if (result instanceof AuthResult.Authenticated authenticated) {
      return succeed(authenticated.principal(), method, exchange, chain, relayToken);
    }
    AuthResult.Rejected rejected = (AuthResult.Rejected) result;
    return reject(method, rejected.issuer(), rejected.reason(), rejected.description());
  }

  private Mono<Void> succeed(
      Principal principal,
      String method,
      ServerWebExchange exchange,
      GatewayFilterChain chain,
      String relayToken) {
    context.metrics().record(routeId, principal.issuer(), method, "success");
    exchange.getAttributes().put(PRINCIPAL_ATTR, principal);
    Map<String, String> identity = identityHeaders.render(principal);
    ServerHttpRequest.Builder builder =
        exchange
            .getRequest()
            .mutate()
            .headers(
                headers -> {
                  identityHeaders.names().forEach(headers::remove);
                  identity.forEach(headers::set);
                  if (auth.apiKey() != null) {
                    headers.remove(auth.apiKey().header());
                  }
                  if (relayToken != null) {
                    headers.setBearerAuth(relayToken);
                  } else if (!auth.forwardAuthorization()) {
                    headers.remove(HttpHeaders.AUTHORIZATION);
                  }
                });
    ServerHttpRequest forwarded = builder.build();
    if (context.login() != null) {
      forwarded = context.login().withoutLoginCookies(forwarded);
    }
    if (auth.apiKey() != null
        && auth.apiKey().query() != null
        && forwarded.getQueryParams().containsKey(auth.apiKey().query())) {
      forwarded =
          forwarded
              .mutate()
              .uri(
                  UriComponentsBuilder.fromUri(forwarded.getURI())
                      .replaceQueryParam(auth.apiKey().query())
                      .build(true)
                      .toUri())
              .build();
    }
    return chain.filter(exchange.mutate().request(forwarded).build());
  }

  private Mono<Void> withoutCredentials(ServerWebExchange exchange, GatewayFilterChain chain) {
    if (auth.optional()) {
      context.metrics().record(routeId, null, "none", "anonymous");
      return chain.filter(exchange);
    }
    context.metrics().record(routeId, null, "none", "missing");
    if (auth.login() != null
        && context.login() != null
        && isBrowserNavigation(exchange.getRequest())) {
      return context.login().redirectToLogin(exchange, auth.login().issuer());
    }
    return Mono.error(
        new AuthenticationFailedException(
            401,
            "This route requires authentication.",
            Challenges.of(auth, context.realm(), null, null)));
  }

  private Mono<Void> reject(String method, String issuer, Rejection reason, String description) {
    context.metrics().record(routeId, issuer, method, reason.tag());
    if (reason == Rejection.UNAVAILABLE) {
      return Mono.error(
          new AuthenticationFailedException(
              503, "The credentials cannot be checked right now; try again shortly.", List.of()));
    }
    boolean token = !method.equals("api-key");
    String error = token ? "invalid_token" : null;
    return Mono.error(
        new AuthenticationFailedException(
            401,
            description,
            Challenges.of(auth, context.realm(), error, token ? description : null)));
  }

  /** A top-level page load by a browser, which can follow a redirect to a login page. */
  private static boolean isBrowserNavigation(ServerHttpRequest request) {
    if (request.getMethod() != HttpMethod.GET && request.getMethod() != HttpMethod.HEAD) {
      return false;
    }
    return request.getHeaders().getAccept().stream()
        .anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
  }
}
