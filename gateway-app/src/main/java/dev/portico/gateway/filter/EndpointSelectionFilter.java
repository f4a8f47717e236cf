package dev.portico.gateway.filter;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

import dev.portico.gateway.snapshot.UpstreamEndpoint;
import dev.portico.gateway.snapshot.UpstreamGroup;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Chooses the endpoint of this attempt and points Spring Cloud Gateway's routing filter at it. It
 * runs once per attempt; a retry avoids the endpoints earlier attempts used, as long as another one
 * is left.
 */
final class EndpointSelectionFilter implements GatewayFilter {

  /** Exchange attribute: indexes of the endpoints this request's attempts used. */
  static final String TRIED_ENDPOINTS_ATTR = "portico.triedEndpoints";

  /** Exchange attribute: the endpoint of the current attempt. */
  public static final String ENDPOINT_ATTR = "portico.endpoint";

  private final UpstreamGroup upstream;

  EndpointSelectionFilter(UpstreamGroup upstream) {
    this.upstream = upstream;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    Set<Integer> tried = exchange.getAttributeOrDefault(TRIED_ENDPOINTS_ATTR, Set.of());
    UpstreamEndpoint endpoint = upstream.choose(tried);
    Set<Integer> now = new HashSet<>(tried);
    now.add(endpoint.index());
    exchange.getAttributes().put(TRIED_ENDPOINTS_ATTR, now);
    exchange.getAttributes().put(ENDPOINT_ATTR, endpoint);
    exchange
        .getAttributes()
        .put(GATEWAY_REQUEST_URL_ATTR, upstreamUrl(endpoint, exchange.getRequest()));
    return chain.filter(exchange);
  }

  static URI upstreamUrl(UpstreamEndpoint endpoint, ServerHttpRequest request) {
    URI base = endpoint.url();
    URI incoming = request.getURI();
    StringBuilder url = new StringBuilder(128);
    url.append(base.getScheme()).append("://").append(base.getRawAuthority());
    url.append(endpoint.basePath()).append(request.getPath().value());
    if (incoming.getRawQuery() != null) {
      url.append('?').append(incoming.getRawQuery());
    }
    return URI.create(url.toString());
  }
}
