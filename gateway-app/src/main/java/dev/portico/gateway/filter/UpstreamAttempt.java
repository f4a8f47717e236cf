package dev.portico.gateway.filter;

import dev.portico.gateway.snapshot.UpstreamEndpoint;
import dev.portico.gateway.snapshot.UpstreamGroup;
import org.springframework.web.server.ServerWebExchange;

/** Read access, outside this package, to what the endpoint selection chose for the attempt. */
public final class UpstreamAttempt {

  private UpstreamAttempt() {}

  /** The upstream group of the current attempt, or null before an endpoint was chosen. */
  public static UpstreamGroup upstream(ServerWebExchange exchange) {
    return exchange.getAttribute(EndpointSelectionFilter.ATTEMPT_UPSTREAM_ATTR);
  }

  /** The endpoint of the current attempt, or null before one was chosen. */
  public static UpstreamEndpoint endpoint(ServerWebExchange exchange) {
    return exchange.getAttribute(EndpointSelectionFilter.ENDPOINT_ATTR);
  }
}
