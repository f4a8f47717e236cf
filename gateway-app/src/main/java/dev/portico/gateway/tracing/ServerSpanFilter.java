package dev.portico.gateway.tracing;

import dev.portico.gateway.filter.FilterOrder;
import dev.portico.gateway.routing.ManagementPort;
import dev.portico.gateway.routing.PorticoRouteHandlerMapping;
import dev.portico.gateway.snapshot.RuntimeRoute;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Gives every request on the public listener a server span, continuing the caller's trace when its
 * headers carry one, and publishes the ids in {@link TraceAttributes}. A web filter that runs
 * before any other Portico filter, so requests that match no route (404) or are refused early get a
 * span too. The span is named after the route id ({@code unmatched} without a route) and tagged
 * with the route, the method and the status; it ends once the response status is known, which for
 * an error is after the error handler has written its response.
 */
public final class ServerSpanFilter implements WebFilter, Ordered {

  private final PorticoTracing tracing;
  private final ManagementPort managementPort;

  public ServerSpanFilter(PorticoTracing tracing, ManagementPort managementPort) {
    this.tracing = tracing;
    this.managementPort = managementPort;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!tracing.enabled() || onManagementPort(exchange)) {
      return chain.filter(exchange);
    }
    Span span = tracing.startServerSpan(exchange.getRequest().getHeaders());
    span.tag("http.request.method", exchange.getRequest().getMethod().name());
    TraceContext context = span.context();
    exchange.getAttributes().put(TraceAttributes.TRACE_ID, context.traceId());
    exchange.getAttributes().put(TraceAttributes.SPAN_ID, context.spanId());
    exchange.getAttributes().put(TraceAttributes.SERVER_SPAN, span);
    Ending ending = new Ending(span, exchange);
    exchange.getResponse().beforeCommit(ending::committed);
    return chain.filter(exchange).doFinally(ending::chainFinished);
  }

  private boolean onManagementPort(ServerWebExchange exchange) {
    InetSocketAddress local = exchange.getRequest().getLocalAddress();
    return local != null && managementPort.is(local.getPort());
  }

  @Override
  public int getOrder() {
    return FilterOrder.SERVER_SPAN;
  }

  /**
   * Ends the span exactly once: when the chain finishes, unless it failed before a response was
   * written, in which case the error handler's commit ends it (with the status it chose).
   */
  private static final class Ending {
    private final Span span;
    private final ServerWebExchange exchange;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean awaitingCommit;

    Ending(Span span, ServerWebExchange exchange) {
      this.span = span;
      this.exchange = exchange;
    }

    Mono<Void> committed() {
      if (awaitingCommit) {
        end();
      }
      return Mono.empty();
    }

    void chainFinished(SignalType signal) {
      ServerHttpResponse response = exchange.getResponse();
      if (signal == SignalType.ON_ERROR && !response.isCommitted()) {
        awaitingCommit = true;
        if (response.isCommitted()) {
          end(); // committed in between: the commit hook may have missed the flag
        }
        return;
      }
      if (signal == SignalType.CANCEL) {
        span.tag("portico.cancelled", "true");
      }
      end();
    }

    private void end() {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      RuntimeRoute route = exchange.getAttribute(PorticoRouteHandlerMapping.RUNTIME_ROUTE_ATTR);
      if (route != null) {
        span.name(route.id());
        span.tag("portico.route", route.id());
      }
      HttpStatusCode status = exchange.getResponse().getStatusCode();
      int code = status == null ? 200 : status.value();
      span.tag("http.response.status_code", Integer.toString(code));
      if (code >= 500) {
        span.tag("error", Integer.toString(code));
      }
      span.end();
    }
  }
}
