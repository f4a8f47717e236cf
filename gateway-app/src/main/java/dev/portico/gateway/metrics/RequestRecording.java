package dev.portico.gateway.metrics;

import dev.portico.gateway.routing.PorticoRouteHandlerMapping;
import dev.portico.gateway.snapshot.RuntimeRoute;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.server.ServerWebExchange;

/**
 * What the request meters need to know about one request, filled in as it passes the handler
 * decorator (start time, method), the web filter (its exchange, hence the route) and the route's
 * filter chain (its in-flight counter). Each request has its own; fields are written before the
 * request completes and read once after, on the same reactive chain.
 */
final class RequestRecording {

  final long startNanos;
  final String method;
  private volatile ServerWebExchange exchange;
  private volatile AtomicInteger active;

  RequestRecording(long startNanos, String method) {
    this.startNanos = startNanos;
    this.method = method;
  }

  void bind(ServerWebExchange exchange) {
    this.exchange = exchange;
  }

  /** Counts the request as in flight on {@code counter} until {@link #finish} (once). */
  void enter(AtomicInteger counter) {
    if (active == null) {
      counter.incrementAndGet();
      active = counter;
    }
  }

  /** The route id, or {@link RequestMetrics#UNMATCHED}; leaves the in-flight count. */
  String finish() {
    AtomicInteger counter = active;
    if (counter != null) {
      counter.decrementAndGet();
      active = null;
    }
    ServerWebExchange current = exchange;
    RuntimeRoute route =
        current == null
            ? null
            : current.getAttribute(PorticoRouteHandlerMapping.RUNTIME_ROUTE_ATTR);
    return route == null ? RequestMetrics.UNMATCHED : route.id();
  }
}
