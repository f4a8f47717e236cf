package dev.portico.gateway.tls;

import dev.portico.gateway.filter.FilterOrder;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Sets Strict-Transport-Security on every response of the TLS listener, error responses included
 * (set just before the response commits). Immutable.
 */
final class HstsFilter implements WebFilter, Ordered {

  private static final String HSTS = "Strict-Transport-Security";

  private final String value;

  /**
   * @param value the header value, e.g. {@code max-age=31536000; includeSubDomains}
   */
  HstsFilter(String value) {
    this.value = value;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    exchange
        .getResponse()
        .beforeCommit(
            () -> {
              exchange.getResponse().getHeaders().set(HSTS, value);
              return Mono.empty();
            });
    return chain.filter(exchange);
  }

  @Override
  public int getOrder() {
    return FilterOrder.TLS_HEADERS;
  }
}
