package dev.portico.gateway.protocol;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.http.client.HttpClient;

/**
 * Spring Cloud Gateway's routing filter, with the HTTP client chosen per upstream attempt by {@link
 * UpstreamClients} (HTTP/1.1 or h2c). Everything else — headers filters, response timeout,
 * streaming — is Spring Cloud Gateway's. Replaces its {@code NettyRoutingFilter} bean.
 */
public final class PorticoRoutingFilter extends NettyRoutingFilter {

  private final UpstreamClients clients;

  public PorticoRoutingFilter(
      HttpClient httpClient,
      ObjectProvider<List<HttpHeadersFilter>> headersFilters,
      HttpClientProperties properties,
      UpstreamClients clients) {
    super(httpClient, headersFilters, properties);
    this.clients = clients;
  }

  @Override
  protected HttpClient getHttpClient(Route route, ServerWebExchange exchange) {
    return clients.forAttempt(exchange, super.getHttpClient(route, exchange));
  }
}
