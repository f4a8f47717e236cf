package dev.portico.gateway.accesslog;

import dev.portico.gateway.filter.FilterOrder;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Hands the exchange to the access log's record of the request, so that once the response is out
 * the log can read the attributes filters set (request id, route, principal, endpoint). The first
 * web filter; it does nothing else.
 */
final class ExchangeCapture implements WebFilter, Ordered {

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    while (request instanceof ServerHttpRequestDecorator decorator) {
      if (decorator instanceof CountingRequest counting) {
        counting.record().attach(exchange);
        break;
      }
      request = decorator.getDelegate();
    }
    return chain.filter(exchange);
  }

  @Override
  public int getOrder() {
    return FilterOrder.ACCESS_LOG;
  }
}
