package dev.portico.gateway.accesslog;

import dev.portico.gateway.filter.FilterOrder;
import java.util.function.LongSupplier;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Times each upstream attempt for the access log: from just before Spring Cloud Gateway's routing
 * filter sends the request until it has the response headers (or the attempt failed). Runs once per
 * attempt, after the endpoint is chosen; the last attempt's time is the one logged.
 */
final class UpstreamTimingFilter implements GlobalFilter, Ordered {

  private final LongSupplier nanoTime;

  UpstreamTimingFilter(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    RequestRecord record = exchange.getAttribute(RequestRecord.ATTR);
    if (record == null) {
      return chain.filter(exchange);
    }
    long started = nanoTime.getAsLong();
    return chain
        .filter(exchange)
        .doFinally(signal -> record.upstreamAttempt(nanoTime.getAsLong() - started));
  }

  @Override
  public int getOrder() {
    return FilterOrder.UPSTREAM_TIMING;
  }
}
