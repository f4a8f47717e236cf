package dev.portico.gateway.mesh;

import dev.portico.gateway.error.ProblemClassifier;
import dev.portico.gateway.filter.UpstreamAttempt;
import dev.portico.gateway.snapshot.UpstreamEndpoint;
import dev.portico.gateway.snapshot.UpstreamGroup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Spring Cloud Gateway's routing filter, with the HTTP client chosen per attempt: an upstream with
 * a {@code mesh} block gets its mesh client (its own mTLS pool, or the shared client addressed for
 * the sidecar); every other upstream keeps the shared client. A failed TLS handshake with any
 * upstream counts in {@code portico_upstream_tls_failures_total{upstream, reason}}.
 */
public final class MeshRoutingFilter extends NettyRoutingFilter {

  private final MeterRegistry meters;

  public MeshRoutingFilter(
      HttpClient httpClient,
      ObjectProvider<List<HttpHeadersFilter>> headersFilters,
      HttpClientProperties properties,
      MeterRegistry meters) {
    super(httpClient, headersFilters, properties);
    this.meters = meters;
  }

  @Override
  protected HttpClient getHttpClient(Route route, ServerWebExchange exchange) {
    HttpClient shared = super.getHttpClient(route, exchange);
    UpstreamGroup upstream = UpstreamAttempt.upstream(exchange);
    MeshTransport mesh = upstream == null ? null : upstream.mesh();
    UpstreamEndpoint endpoint = UpstreamAttempt.endpoint(exchange);
    if (mesh == null || endpoint == null) {
      return shared;
    }
    return mesh.client(shared, endpoint.url());
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    return super.filter(exchange, chain).doOnError(error -> countTlsFailure(exchange, error));
  }

  private void countTlsFailure(ServerWebExchange exchange, Throwable error) {
    String reason = ProblemClassifier.tlsFailureReason(error);
    if (reason == null) {
      return;
    }
    UpstreamGroup upstream = UpstreamAttempt.upstream(exchange);
    Counter.builder("portico.upstream.tls.failures")
        .description("TLS handshakes with upstream endpoints that failed, by reason")
        .tag("upstream", upstream == null ? "unknown" : upstream.name())
        .tag("reason", reason)
        .register(meters)
        .increment();
  }
}
