package dev.portico.gateway.snapshot;

import dev.portico.config.model.Route;
import org.springframework.web.cors.CorsConfiguration;

/**
 * A route compiled for the request path: its configuration, the Spring Cloud Gateway route that
 * carries its filters, and its CORS policy (or {@code null}). Immutable.
 */
public record RuntimeRoute(
    Route config,
    org.springframework.cloud.gateway.route.Route gatewayRoute,
    CorsConfiguration cors) {

  public String id() {
    return config.id();
  }
}
