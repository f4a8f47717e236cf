package dev.portico.gateway.filter;

import dev.portico.config.model.HeaderEdits;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Sets, adds and removes headers on the request sent upstream. */
final class RequestHeaderEditsFilter implements GatewayFilter {

  private final HeaderEdits edits;

  RequestHeaderEditsFilter(HeaderEdits edits) {
    this.edits = edits;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    var request = exchange.getRequest().mutate().headers(h -> HeaderEditor.apply(edits, h)).build();
    return chain.filter(exchange.mutate().request(request).build());
  }
}
