package dev.portico.gateway.protocol;

import dev.portico.gateway.error.ProblemClassifier;
import dev.portico.gateway.filter.UpstreamAttempt;
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
 * Spring Cloud Gateway's routing filter, with the HTTP client chosen per upstream attempt by {@link
 * UpstreamClients} (HTTP/1.1, h2c or the upstream's mesh client). A failed TLS handshake with any
 * upstream counts in {@code portico_upstream_tls_failures_total{upstream, reason}}. Everything else
 * — headers filters, response timeout, streaming — is Spring Cloud Gateway's, with its copying
 * headers filters run only when they have something to do ({@link CopyWhenNeededHeadersFilter}).
 * Replaces its {@code NettyRoutingFilter} bean.
 */
public final class PorticoRoutingFilter extends NettyRoutingFilter {

  private final UpstreamClients clients;
  private final MeterRegistry meters;
  private volatile List<HttpHeadersFilter> headersFilters;

  public PorticoRoutingFilter(
      HttpClient httpClient,
      ObjectProvider<List<HttpHeadersFilter>> headersFilters,
      HttpClientProperties properties,
      UpstreamClients clients,
      MeterRegistry meters) {
    super(httpClient, headersFilters, properties);
    this.clients = clients;
    this.meters = meters;
  }

  @Override
  public List<HttpHeadersFilter> getHeadersFilters() {
    List<HttpHeadersFilter> filters = headersFilters;
    if (filters == null) {
      List<HttpHeadersFilter> spring = super.getHeadersFilters();
      filters = spring == null ? List.of() : CopyWhenNeededHeadersFilter.wrap(spring);
      headersFilters = filters;
    }
    return filters;
  }

  @Override
  protected HttpClient getHttpClient(Route route, ServerWebExchange exchange) {
    return clients.forAttempt(exchange, super.getHttpClient(route, exchange));
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
