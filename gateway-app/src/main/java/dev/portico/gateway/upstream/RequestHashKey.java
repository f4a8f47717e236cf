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
 * spread evenly instead of all landing on one endpoint. Immutable.
 */
@FunctionalInterface
public interface RequestHashKey {

  /** The value hashed for {@code exchange}, or null when the request lacks it. */
  String value(ServerWebExchange exchange, Function<ServerWebExchange, String> clientIp);

  /** The 64-bit hash of the request's value, or a random one when it has none. */
  default long hash(ServerWebExchange exchange, Function<ServerWebExchange, String> clientIp) {
    String value = value(exchange, clientIp);
    return value == null || value.isEmpty()
        ? ThreadLocalRandom.current().nextLong()
        : KeyHash.hash(value);
  }

  /** Compiles a validated key. */
  static RequestHashKey compile(String spec) {
    int colon = spec.indexOf(':');
    String kind = colon < 0 ? spec : spec.substring(0, colon);
    String name = colon < 0 ? "" : spec.substring(colon + 1);
    return switch (kind.toLowerCase(Locale.ROOT)) {
      case "header" -> (exchange, ip) -> exchange.getRequest().getHeaders().getFirst(name);
      case "cookie" ->
          (exchange, ip) -> {
            HttpCookie cookie = exchange.getRequest().getCookies().getFirst(name);
            return cookie == null ? null : cookie.getValue();
          };
      case "query" -> (exchange, ip) -> exchange.getRequest().getQueryParams().getFirst(name);
      case "claim" ->
          (exchange, ip) -> {
            Principal principal = exchange.getAttribute(AuthenticationFilter.PRINCIPAL_ATTR);
            return principal == null ? null : ClaimPath.text(principal.claims(), name);
          };
      case "client-ip" -> (exchange, ip) -> ip.apply(exchange);
      case "path" -> (exchange, ip) -> exchange.getRequest().getPath().value();
      default -> throw new IllegalArgumentException("not a hash key: " + spec);
    };
  }
}
