package dev.portico.gateway.filter;

import dev.portico.config.model.HeaderEdits;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Sets, adds and removes headers on the response to the client, just before it is committed, so the
 * edits apply on top of the upstream's headers (and to Portico's own error responses).
 */
final class ResponseHeaderEditsFilter implements GatewayFilter {

  private final HeaderEdits edits;

  ResponseHeaderEditsFilter(HeaderEdits edits) {
    this.edits = edits;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    exchange
        .getResponse()
        .beforeCommit(
            () -> {
              HeaderEditor.apply(edits, exchange.getResponse().getHeaders());
              return Mono.empty();
            });
    return chain.filter(exchange);
  }
}
