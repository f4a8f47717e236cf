package dev.portico.gateway.filter;

import dev.portico.config.routing.PathNormalizer;
import dev.portico.gateway.error.GatewayProblem;
import dev.portico.gateway.error.ProblemType;
import dev.portico.gateway.snapshot.SnapshotHolder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Normalizes the request path once, before route matching, with the snapshot's {@link
 * PathNormalizer}: from here on the route lookup, authentication, policies, path rewrites and the
 * upstream URL all read the same normalized raw path. A path that cannot be normalized safely fails
 * the request with a 400 {@code invalid-path} problem and is never forwarded, and so does a request
 * target that is neither a path nor an absolute URL ({@code admin/x}, {@code *}). The query is
 * passed on untouched. When the path changes, the original URL is recorded in Spring Cloud
 * Gateway's original-request-URL attribute for logs. Stateless; thread-safe.
 */
public final class PathNormalizationFilter implements WebFilter, Ordered {

  private static final PathNormalizer.Result NOT_A_PATH =
      new PathNormalizer.Result.Refused("The path must start with /.");

  private final SnapshotHolder snapshots;
  private final Counter refused;

  public PathNormalizationFilter(SnapshotHolder snapshots, MeterRegistry meters) {
    this.snapshots = snapshots;
    this.refused =
        Counter.builder("portico.path.refused")
            .description("Requests refused with 400 because their path cannot be normalized safely")
            .register(meters);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    String raw = request.getURI().getRawPath();
    PathNormalizer.Result result =
        raw != null && isOriginOrAbsoluteForm(request)
            ? snapshots.current().pathNormalizer().normalize(raw)
            : NOT_A_PATH;
    if (result instanceof PathNormalizer.Result.Refused refusal) {
      refused.increment();
      return Mono.error(new GatewayProblem(ProblemType.INVALID_PATH, refusal.reason()));
    }
    String path = ((PathNormalizer.Result.Normalized) result).path();
    if (path.equals(raw)) {
      return chain.filter(exchange);
    }
    ServerWebExchangeUtils.addOriginalRequestUrl(exchange, request.getURI());
    ServerHttpRequest normalized = request.mutate().path(path).build();
    return chain.filter(exchange.mutate().request(normalized).build());
  }

  /**
   * Whether the request target, as received, is a path ({@code /x}) or an absolute URL ({@code
   * http://host/x}). Spring builds the request URI by appending the target to {@code
   * scheme://host:port}, so a target such as {@code admin/x} would otherwise be read as the path
   * {@code /x}.
   */
  private static boolean isOriginOrAbsoluteForm(ServerHttpRequest request) {
    Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
    if (!(nativeRequest instanceof HttpServerRequest received)) {
      return true;
    }
    String target = received.uri();
    return target.startsWith("/")
        || target.regionMatches(true, 0, "http://", 0, 7)
        || target.regionMatches(true, 0, "https://", 0, 8);
  }

  @Override
  public int getOrder() {
    return FilterOrder.PATH_NORMALIZATION;
  }
}
