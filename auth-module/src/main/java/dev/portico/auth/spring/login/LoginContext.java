package dev.portico.auth.spring.login;

import dev.portico.auth.login.SessionCodec;
import dev.portico.auth.token.IssuerRegistry;
import dev.portico.config.model.Issuer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What the login handlers of one configuration snapshot share. Immutable.
 *
 * @param issuers the configured issuers that have a login block, by name
 * @param endpoints a token endpoint client per such issuer
 */
record LoginContext(
    IssuerRegistry registry,
    Map<String, Issuer> issuers,
    Map<String, TokenEndpoint> endpoints,
    SessionCodec codec,
    LoginCookies cookies,
    Duration maxAge,
    String callbackPath,
    String logoutPath,
    Clock clock,
    RandomGenerator random,
    MeterRegistry meters) {

  static final String METRIC = "portico.auth.login";

  /** Counts one login event: {@code portico.auth.login{issuer, outcome}}. */
  void count(String issuer, String outcome) {
    meters
        .counter(METRIC, "issuer", issuer == null ? "unknown" : issuer, "outcome", outcome)
        .increment();
  }

  /**
   * {@code scheme://host[:port]} as the client addressed this gateway (the request's own scheme and
   * Host; forwarded headers are honoured only when a filter before this one has applied them to the
   * request URI).
   */
  static String origin(ServerHttpRequest request) {
    var uri = request.getURI();
    String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase();
    StringBuilder origin = new StringBuilder(scheme).append("://").append(uri.getHost());
    int port = uri.getPort();
    boolean defaultPort =
        port < 0
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    if (!defaultPort) {
      origin.append(':').append(port);
    }
    return origin.toString();
  }

  /** The redirect URI registered at the provider: this gateway's origin and the callback path. */
  String redirectUri(ServerHttpRequest request) {
    return origin(request) + callbackPath;
  }

  /** A 302 to {@code location}, not to be cached (it may set cookies). */
  static Mono<Void> redirect(ServerWebExchange exchange, String location) {
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(HttpStatus.FOUND);
    response.getHeaders().set(HttpHeaders.LOCATION, location);
    response.getHeaders().setCacheControl("no-store");
    return response.setComplete();
  }
}
