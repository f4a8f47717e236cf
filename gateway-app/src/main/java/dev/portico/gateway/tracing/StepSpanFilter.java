package dev.portico.gateway.tracing;

import io.micrometer.tracing.Span;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * A span around one step of the route (authentication, the rate-limit decision): a child of the
 * server span from the moment the step starts until it passes the request on, or until it answers
 * or fails the request itself. Tagged with whether the request passed and, when the step answered,
 * the status it chose.
 */
final class StepSpanFilter implements GatewayFilter {

  private final PorticoTracing tracing;
  private final String name;
  private final GatewayFilter step;
  private final String outcomeTag;
  private final String passed;

  StepSpanFilter(
      PorticoTracing tracing, String name, GatewayFilter step, String outcomeTag, String passed) {
    this.tracing = tracing;
    this.name = name;
    this.step = step;
    this.outcomeTag = outcomeTag;
    this.passed = passed;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    Span parent = exchange.getAttribute(TraceAttributes.SERVER_SPAN);
    if (parent == null) {
      return step.filter(exchange, chain);
    }
    Span span = tracing.startChild(parent, name);
    AtomicBoolean ended = new AtomicBoolean();
    GatewayFilterChain onward =
        next -> {
          if (ended.compareAndSet(false, true)) {
            span.tag(outcomeTag, passed);
            span.end();
          }
          return chain.filter(next);
        };
    return step.filter(exchange, onward)
        .doFinally(
            signal -> {
              if (ended.compareAndSet(false, true)) {
                endRefused(span, exchange, signal);
              }
            });
  }

  private void endRefused(Span span, ServerWebExchange exchange, SignalType signal) {
    span.tag(outcomeTag, signal == SignalType.CANCEL ? "cancelled" : "refused");
    HttpStatusCode status = exchange.getResponse().getStatusCode();
    if (status != null && signal != SignalType.ON_ERROR) {
      span.tag("http.response.status_code", Integer.toString(status.value()));
    }
    span.end();
  }

  @Override
  public String toString() {
    return step.toString();
  }
}
