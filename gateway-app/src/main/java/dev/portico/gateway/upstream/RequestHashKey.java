package dev.portico.gateway.upstream;

import dev.portico.auth.ClaimPath;
import dev.portico.auth.Principal;
import dev.portico.auth.spring.AuthenticationFilter;
import dev.portico.traffic.KeyHash;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.springframework.http.HttpCookie;
import org.springframework.web.server.ServerWebExchange;

/**
 * What a hashing balancer or a traffic split hashes, compiled from its configuration spelling
 * ({@code header:<name>}, {@code cookie:<name>}, {@code claim:<path>}, {@code client-ip}, {@code
 * path}, {@code query:<name>}). A request without the value gets a random hash, so such requests
 * spread evenly instead of all landing on one endpoint. The same key reads a received request (the
 * exchange) and a described one ({@link RequestFacts}) alike. Immutable.
 */
public final class RequestHashKey {

  private enum Kind {
    HEADER,
    COOKIE,
    QUERY,
    CLAIM,
    CLIENT_IP,
    PATH
  }

  private final String spec;
  private final Kind kind;
  private final String name;

  private RequestHashKey(String spec, Kind kind, String name) {
    this.spec = spec;
    this.kind = kind;
    this.name = name;
  }

  /** Compiles a validated key. */
  public static RequestHashKey compile(String spec) {
    int colon = spec.indexOf(':');
    String kind = colon < 0 ? spec : spec.substring(0, colon);
    String name = colon < 0 ? "" : spec.substring(colon + 1);
    Kind compiled =
        switch (kind.toLowerCase(Locale.ROOT)) {
          case "header" -> Kind.HEADER;
          case "cookie" -> Kind.COOKIE;
          case "query" -> Kind.QUERY;
          case "claim" -> Kind.CLAIM;
          case "client-ip" -> Kind.CLIENT_IP;
          case "path" -> Kind.PATH;
          default -> throw new IllegalArgumentException("not a hash key: " + spec);
        };
    return new RequestHashKey(spec, compiled, name);
  }

  /** The value hashed for {@code exchange}, or null when the request lacks it. */
  public String value(ServerWebExchange exchange, Function<ServerWebExchange, String> clientIp) {
    return switch (kind) {
      case HEADER -> exchange.getRequest().getHeaders().getFirst(name);
      case COOKIE -> {
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(name);
        yield cookie == null ? null : cookie.getValue();
      }
      case QUERY -> exchange.getRequest().getQueryParams().getFirst(name);
      case CLAIM -> claim(exchange.getAttribute(AuthenticationFilter.PRINCIPAL_ATTR));
      case CLIENT_IP -> clientIp.apply(exchange);
      case PATH -> exchange.getRequest().getPath().value();
    };
  }

  /** The value hashed for a described request, or null when it lacks it. */
  public String value(RequestFacts request) {
    return switch (kind) {
      case HEADER -> request.header(name);
      case COOKIE -> request.cookie(name);
      case QUERY -> request.query(name);
      case CLAIM -> claim(request.principal());
      case CLIENT_IP -> request.clientIp();
      case PATH -> request.path();
    };
  }

  /** The 64-bit hash of the request's value, or a random one when it has none. */
  public long hash(ServerWebExchange exchange, Function<ServerWebExchange, String> clientIp) {
    return hashOf(value(exchange, clientIp));
  }

  /** The hash of a present value ({@link KeyHash#hash}); a random one for null or empty. */
  public static long hashOf(String value) {
    return value == null || value.isEmpty()
        ? ThreadLocalRandom.current().nextLong()
        : KeyHash.hash(value);
  }

  /** The configuration spelling, e.g. {@code header:X-User-Id}. */
  @Override
  public String toString() {
    return spec;
  }

  private String claim(Principal principal) {
    return principal == null ? null : ClaimPath.text(principal.claims(), name);
  }
}
