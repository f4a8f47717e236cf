package dev.portico.gateway.accesslog;

import dev.portico.gateway.routing.PorticoRouteHandlerMapping;
import dev.portico.gateway.snapshot.RuntimeRoute;
import org.springframework.web.server.ServerWebExchange;

/** The id of the route that took a request. */
final class RouteIds {

  private RouteIds() {}

  /** The route's id, or null when no route took the request (or it never reached routing). */
  static String of(ServerWebExchange exchange) {
    if (exchange != null
        && exchange.getAttribute(PorticoRouteHandlerMapping.RUNTIME_ROUTE_ATTR)
            instanceof RuntimeRoute route) {
      return route.id();
    }
    return null;
  }
}
