package dev.portico.gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_HANDLER_MAPPER_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import dev.portico.config.routing.RouteLookup;
import dev.portico.gateway.snapshot.RuntimeRoute;
import dev.portico.gateway.snapshot.SnapshotHolder;
import java.net.InetSocketAddress;
import java.util.List;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;
import reactor.core.publisher.Mono;

/**
 * Replaces Spring Cloud Gateway's linear scan of route predicates with a lookup in the snapshot's
 * {@link dev.portico.config.routing.RouteIndex}. Also answers CORS for routes that configure it:
 * preflight requests are matched by the method they ask about and answered here; actual
 * cross-origin requests get their CORS headers. Routes without a CORS policy pass preflights on to
 * the upstream like any other request.
 */
public final class PorticoRouteHandlerMapping extends RoutePredicateHandlerMapping {

  /** Exchange attribute: the {@link RuntimeRoute} that takes the request. */
  public static final String RUNTIME_ROUTE_ATTR = "portico.route";

  private static final WebHandler ANSWERED = exchange -> Mono.empty();

  private final FilteringWebHandler webHandler;
  private final SnapshotHolder snapshots;
  private final ManagementPort managementPort;
  private final CorsProcessor corsProcessor = new DefaultCorsProcessor();

  public PorticoRouteHandlerMapping(
      FilteringWebHandler webHandler,
      RouteLocator unusedLocator,
      GlobalCorsProperties globalCors,
      Environment environment,
      SnapshotHolder snapshots,
      ManagementPort managementPort) {
    super(webHandler, unusedLocator, globalCors, environment);
    this.webHandler = webHandler;
    this.snapshots = snapshots;
    this.managementPort = managementPort;
  }

  @Override
  public Mono<Object> getHandler(ServerWebExchange exchange) {
    ServerHttpRequest request = exchange.getRequest();
    InetSocketAddress local = request.getLocalAddress();
    if (local != null && managementPort.is(local.getPort())) {
      return Mono.empty();
    }
    boolean preflight = CorsUtils.isPreFlightRequest(request);
    String method =
        preflight
            ? request.getHeaders().getFirst(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD)
            : request.getMethod().name();
    RouteLookup<RuntimeRoute> lookup =
        snapshots.current().routes().find(new ExchangeRequestView(request, method));
    if (lookup instanceof RouteLookup.Found<RuntimeRoute> found) {
      RuntimeRoute route = found.entry().payload();
      if (preflight && route.cors() == null) {
        return forwardPreflight(route, exchange);
      }
      return Mono.just(handlerFor(route, exchange, preflight));
    }
    if (lookup instanceof RouteLookup.MethodNotAllowed<RuntimeRoute> notAllowed) {
      List<HttpMethod> allowed = notAllowed.allowed().stream().map(HttpMethod::valueOf).toList();
      return Mono.error(new MethodNotAllowedException(method, allowed));
    }
    return Mono.empty();
  }

  /**
   * WebFlux's dispatcher answers preflight requests itself once a handler is found, without
   * invoking it; for a route without a CORS policy the upstream owns CORS, so the preflight is
   * proxied here, while the dispatcher still asks for a handler.
   */
  private Mono<Object> forwardPreflight(RuntimeRoute route, ServerWebExchange exchange) {
    bind(route, exchange);
    return webHandler.handle(exchange).thenReturn(ANSWERED);
  }

  private Object handlerFor(RuntimeRoute route, ServerWebExchange exchange, boolean preflight) {
    if (route.cors() != null && CorsUtils.isCorsRequest(exchange.getRequest())) {
      boolean allowed = corsProcessor.process(route.cors(), exchange);
      if (!allowed || preflight) {
        return ANSWERED;
      }
    }
    bind(route, exchange);
    return webHandler;
  }

  private void bind(RuntimeRoute route, ServerWebExchange exchange) {
    exchange.getAttributes().put(GATEWAY_HANDLER_MAPPER_ATTR, getSimpleName());
    exchange.getAttributes().put(GATEWAY_ROUTE_ATTR, route.gatewayRoute());
    exchange.getAttributes().put(RUNTIME_ROUTE_ATTR, route);
  }

  @Override
  protected String getSimpleName() {
    return "PorticoRouteHandlerMapping";
  }
}
