package dev.portico.gateway.tracing;

import dev.portico.gateway.snapshot.UpstreamEndpoint;
import io.micrometer.tracing.Span;
import java.net.URI;
import java.util.function.Function;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The client span of one attempt to call the upstream: runs after the endpoint of the attempt is
 * chosen, once per attempt (so retries show as sibling spans), replaces the request's trace headers
 * with this span's context in every configured format, and ends when the upstream's response
 * headers arrive or the attempt fails. Tagged with the upstream name, the endpoint (host:port), the
 * attempt number and the status.
 */
final class UpstreamSpanFilter implements GatewayFilter {

  /** Exchange attribute: attempts made so far by this request. */
  private static final String ATTEMPTS_ATTR = "portico.traceAttempts";

  private final PorticoTracing tracing;
  private final Function<ServerWebExchange, String> upstreamName;
  private final Function<ServerWebExchange, UpstreamEndpoint> endpoint;

  UpstreamSpanFilter(
      PorticoTracing tracing,
      Function<ServerWebExchange, String> upstreamName,
      Function<ServerWebExchange, UpstreamEndpoint> endpoint) {
    this.tracing = tracing;
    this.upstreamName = upstreamName;
    this.endpoint = endpoint;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    Span parent = exchange.getAttribute(TraceAttributes.SERVER_SPAN);
    if (parent == null) {
      return chain.filter(exchange);
    }
    int attempt = exchange.<Integer>getAttributeOrDefault(ATTEMPTS_ATTR, 0) + 1;
    exchange.getAttributes().put(ATTEMPTS_ATTR, attempt);
    String upstream = upstreamName.apply(exchange);
    Span span = tracing.startClient(parent, upstream);
    span.remoteServiceName(upstream);
    span.tag("portico.upstream", upstream);
    span.tag("portico.attempt", Integer.toString(attempt));
    UpstreamEndpoint chosen = endpoint.apply(exchange);
    if (chosen != null) {
      URI url = chosen.url();
      int port = url.getPort() != -1 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
      span.tag("portico.endpoint", url.getHost() + ":" + port);
      span.tag("server.address", url.getHost());
      span.tag("server.port", Integer.toString(port));
    }
    ServerHttpRequest request =
        exchange
            .getRequest()
            .mutate()
            .headers(headers -> tracing.inject(span.context(), headers))
            .build();
    return chain
        .filter(exchange.mutate().request(request).build())
        .doOnSuccess(done -> succeeded(span, exchange))
        .doOnError(error -> failed(span, error))
        .doOnCancel(span::end);
  }

  private static void succeeded(Span span, ServerWebExchange exchange) {
    HttpStatusCode status = exchange.getResponse().getStatusCode();
    if (status != null) {
      span.tag("http.response.status_code", Integer.toString(status.value()));
      if (status.is5xxServerError()) {
        span.tag("error", Integer.toString(status.value()));
      }
    }
    span.end();
  }

  private static void failed(Span span, Throwable error) {
    span.tag("error", error.getClass().getSimpleName());
    span.end();
  }
}
