package dev.portico.gateway.metrics;

import dev.portico.gateway.filter.FilterOrder;
import dev.portico.gateway.routing.PorticoRouteHandlerMapping;
import dev.portico.gateway.snapshot.RuntimeRoute;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Counts a request in {@code portico_requests_active{route, method}} from the moment its route's
 * filter chain starts until {@link RequestMetricsDecorator} sees the response end.
 */
final class RouteInFlightFilter implements GlobalFilter, Ordered {

  private final RequestMetrics metrics;

  RouteInFlightFilter(RequestMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    return Mono.deferContextual(
        context -> {
          RequestRecording recording = context.getOrDefault(RequestRecording.class, null);
          RuntimeRoute route = exchange.getAttribute(PorticoRouteHandlerMapping.RUNTIME_ROUTE_ATTR);
          if (recording != null && route != null) {
            recording.enter(metrics.active(route.id(), recording.method));
          }
          return chain.filter(exchange);
        });
  }

  @Override
  public int getOrder() {
    return FilterOrder.ROUTE_IN_FLIGHT;
  }
}
