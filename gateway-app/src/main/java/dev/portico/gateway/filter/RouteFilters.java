package dev.portico.gateway.filter;

import dev.portico.auth.authz.RoutePolicy;
import dev.portico.auth.spring.AuthenticationFilter;
import dev.portico.auth.spring.AuthenticationFilter.AuthContext;
import dev.portico.auth.spring.AuthorizationFilter;
import dev.portico.auth.spring.AuthorizationFilter.AuthorizationContext;
import dev.portico.config.model.ByteSize;
import dev.portico.config.model.Route;
import dev.portico.config.routing.PathRewriter;
import dev.portico.gateway.ratelimit.RateLimitFilter;
import dev.portico.gateway.tracing.PorticoTracing;
import dev.portico.gateway.upstream.UpstreamSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.web.server.ServerWebExchange;

/** Builds the gateway filters of one route from its configuration, once per snapshot. */
public final class RouteFilters {

  private RouteFilters() {}

  /**
   * @param policy the route's compiled authorization, or null when it has none
   * @param rateLimit the route's rate limits, or null when it has none
   * @param clientIp the client's address (trusted proxies applied)
   * @param callerRegion the caller's region from a trusted proxy's header, or null
   * @param tracing spans around authentication, the rate-limit decision and each upstream attempt
   * @param clientCertificate the route's client-certificate requirement, or null when it has none
   */
  public static List<GatewayFilter> of(
      Route route,
      UpstreamSelector upstream,
      ByteSize maxBodySize,
      AuthContext auth,
      RoutePolicy policy,
      AuthorizationContext authorization,
      RateLimitFilter rateLimit,
      Function<ServerWebExchange, String> clientIp,
      Function<ServerWebExchange, String> callerRegion,
      PorticoTracing tracing,
      GatewayFilter clientCertificate) {
    List<GatewayFilter> filters = new ArrayList<>();
    if (clientCertificate != null) {
      filters.add(new OrderedGatewayFilter(clientCertificate, FilterOrder.CLIENT_CERTIFICATE));
    }
    if (route.auth() != null) {
      filters.add(
          new OrderedGatewayFilter(
              tracing.step(
                  "authenticate",
                  new AuthenticationFilter(route.id(), route.auth(), auth),
                  "portico.auth.outcome",
                  "authenticated"),
              FilterOrder.AUTHENTICATION));
    }
    if (policy != null) {
      filters.add(
          new OrderedGatewayFilter(
              new AuthorizationFilter(policy, route.auth(), authorization),
              FilterOrder.AUTHORIZATION));
    }
    if (rateLimit != null) {
      filters.add(
          new OrderedGatewayFilter(
              tracing.step("rate-limit", rateLimit, "portico.ratelimit.outcome", "allowed"),
              FilterOrder.RATE_LIMIT));
    }
    filters.add(
        new OrderedGatewayFilter(
            new BodySizeLimitFilter(maxBodySize.bytes()), FilterOrder.BODY_LIMIT));
    if (!route.responseHeaders().isEmpty()) {
      filters.add(
          new OrderedGatewayFilter(
              new ResponseHeaderEditsFilter(route.responseHeaders()),
              FilterOrder.RESPONSE_HEADERS));
    }
    if (!route.requestHeaders().isEmpty()) {
      filters.add(
          new OrderedGatewayFilter(
              new RequestHeaderEditsFilter(route.requestHeaders()), FilterOrder.REQUEST_HEADERS));
    }
    PathRewriter rewriter = PathRewriter.of(route);
    if (!rewriter.isIdentity()) {
      filters.add(
          new OrderedGatewayFilter(new PathRewriteFilter(rewriter), FilterOrder.PATH_REWRITE));
    }
    if (route.retries() != null) {
      filters.add(
          new OrderedGatewayFilter(new RetryFilter(route.retries(), upstream), FilterOrder.RETRY));
    }
    filters.add(
        new OrderedGatewayFilter(
            new EndpointSelectionFilter(upstream, clientIp, callerRegion),
            FilterOrder.ENDPOINT_SELECTION));
    GatewayFilter upstreamSpans =
        tracing.upstreamSpans(
            exchange -> upstream.select(exchange).name(),
            exchange -> exchange.getAttribute(EndpointSelectionFilter.ENDPOINT_ATTR));
    if (upstreamSpans != null) {
      filters.add(new OrderedGatewayFilter(upstreamSpans, FilterOrder.UPSTREAM_SPAN));
    }
    return List.copyOf(filters);
  }
}
