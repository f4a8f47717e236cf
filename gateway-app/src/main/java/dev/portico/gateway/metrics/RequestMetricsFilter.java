package dev.portico.gateway.metrics;

import dev.portico.gateway.filter.FilterOrder;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Hands the exchange to the request's {@link RequestRecording}, so the route the handler mapping
 * chooses later can be read when the request ends. First web filter of the chain.
 */
final class RequestMetricsFilter implements WebFilter, Ordered {

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    return Mono.deferContextual(
        context -> {
          RequestRecording recording = context.getOrDefault(RequestRecording.class, null);
          if (recording != null) {
            recording.bind(exchange);
          }
          return chain.filter(exchange);
        });
  }

  @Override
  public int getOrder() {
    return FilterOrder.REQUEST_METRICS;
  }
}
