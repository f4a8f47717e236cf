package dev.portico.gateway.filter;

import dev.portico.config.routing.PathRewriter;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Replaces the request path with the one the route forwards (strip-prefix or rewrite-path). */
final class PathRewriteFilter implements GatewayFilter {

  private final PathRewriter rewriter;

  PathRewriteFilter(PathRewriter rewriter) {
    this.rewriter = rewriter;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    String path = exchange.getRequest().getPath().value();
    String rewritten = rewriter.apply(path);
    if (rewritten.equals(path)) {
      return chain.filter(exchange);
    }
    var request = exchange.getRequest().mutate().path(rewritten).build();
    return chain.filter(exchange.mutate().request(request).build());
  }
}
