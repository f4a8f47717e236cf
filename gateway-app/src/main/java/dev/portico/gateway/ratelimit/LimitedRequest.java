package dev.portico.gateway.ratelimit;

import dev.portico.auth.Principal;
import dev.portico.auth.spring.AuthenticationFilter;
import java.util.function.Function;
import org.springframework.web.server.ServerWebExchange;

/**
 * What rate-limit keys and tiers read of a request: the exchange, the authenticated principal (or
 * null) and the client address, resolved once on first use. One per request; not thread-safe.
 */
final class LimitedRequest {

  private final ServerWebExchange exchange;
  private final Function<ServerWebExchange, String> clientIpResolver;
  private String clientIp;

  LimitedRequest(ServerWebExchange exchange, Function<ServerWebExchange, String> clientIp) {
    this.exchange = exchange;
    this.clientIpResolver = clientIp;
  }

  ServerWebExchange exchange() {
    return exchange;
  }

  Principal principal() {
    return exchange.getAttribute(AuthenticationFilter.PRINCIPAL_ATTR);
  }

  String clientIp() {
    if (clientIp == null) {
      clientIp = clientIpResolver.apply(exchange);
    }
    return clientIp;
  }
}
