package dev.portico.gateway.snapshot;

import dev.portico.auth.authz.RoutePolicy;
import dev.portico.config.model.Route;
import dev.portico.gateway.upstream.RouteBalancing;
import org.springframework.web.cors.CorsConfiguration;

/**
 * A route compiled for the request path: its configuration, the Spring Cloud Gateway route that
 * carries its filters, its CORS policy (or {@code null}), its authorization (or {@code null} when
 * it has no authorization block) and its balancing (for previews). Immutable.
 */
public record RuntimeRoute(
    Route config,
    org.springframework.cloud.gateway.route.Route gatewayRoute,
    CorsConfiguration cors,
    RoutePolicy policy,
    RouteBalancing balancing) {

  public String id() {
    return config.id();
  }
}
