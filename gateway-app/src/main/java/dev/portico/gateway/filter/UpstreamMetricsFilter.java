package dev.portico.gateway.filter;

import dev.portico.gateway.error.ProblemClassifier;
import dev.portico.gateway.error.ProblemType;
import dev.portico.gateway.metrics.UpstreamRequestMetrics;
import dev.portico.gateway.snapshot.UpstreamEndpoint;
import dev.portico.gateway.snapshot.UpstreamGroup;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Times each upstream attempt (it runs after the retry filter, once per attempt, once {@link
 * EndpointSelectionFilter} has chosen the endpoint) and sorts failures into the error kinds of
 * {@link UpstreamRequestMetrics}.
 */
public final class UpstreamMetricsFilter implements GlobalFilter, Ordered {

  private final UpstreamRequestMetrics metrics;

  public UpstreamMetricsFilter(UpstreamRequestMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    UpstreamGroup upstream = exchange.getAttribute(EndpointSelectionFilter.ATTEMPT_UPSTREAM_ATTR);
    UpstreamEndpoint endpoint = exchange.getAttribute(EndpointSelectionFilter.ENDPOINT_ATTR);
    if (upstream == null || endpoint == null) {
      return chain.filter(exchange);
    }
    String name = upstream.name();
    String url = endpoint.toString();
    long started = System.nanoTime();
    return chain
        .filter(exchange)
        .doOnSuccess(
            done -> {
              HttpStatusCode status = exchange.getResponse().getStatusCode();
              metrics.responded(
                  name, url, status == null ? 200 : status.value(), System.nanoTime() - started);
            })
        .doOnError(error -> failed(name, url, error, System.nanoTime() - started))
        .doOnCancel(() -> metrics.cancelled(name, url, System.nanoTime() - started));
  }

  private void failed(String upstream, String endpoint, Throwable error, long nanos) {
    if (ProblemClassifier.isClientAbort(error)) {
      metrics.cancelled(upstream, endpoint, nanos);
    } else {
      metrics.failed(upstream, endpoint, kind(error), nanos);
    }
  }

  static String kind(Throwable error) {
    ProblemType type = ProblemClassifier.classify(error, "", "").type();
    return switch (type) {
      case UPSTREAM_UNREACHABLE -> "connect_failure";
      case UPSTREAM_TIMEOUT -> "timeout";
      case UPSTREAM_RESET -> "reset";
      case UPSTREAM_BUSY -> "pool_exhausted";
      default -> "other";
    };
  }

  @Override
  public int getOrder() {
    return FilterOrder.UPSTREAM_METRICS;
  }
}
