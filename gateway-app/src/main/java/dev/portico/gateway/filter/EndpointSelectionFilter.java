package dev.portico.gateway.filter;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

import dev.portico.gateway.error.GatewayProblem;
import dev.portico.gateway.error.ProblemClassifier;
import dev.portico.gateway.error.ProblemType;
import dev.portico.gateway.snapshot.UpstreamEndpoint;
import dev.portico.gateway.snapshot.UpstreamGroup;
import dev.portico.gateway.upstream.RequestHashKey;
import dev.portico.gateway.upstream.StickyCookies;
import dev.portico.gateway.upstream.UpstreamSelector;
import dev.portico.traffic.EndpointLoad;
import dev.portico.traffic.OutlierDetector;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Chooses the endpoint of this attempt and points Spring Cloud Gateway's routing filter at it. It
 * runs once per attempt; a retry avoids the endpoints earlier attempts used, as long as another one
 * is left. A client pinned by a sticky cookie goes to its endpoint while that one is usable. After
 * the attempt, its outcome feeds outlier detection (5xx, timeouts and resets count as server
 * errors, refused connections as connect failures) and, for least-request, the endpoint's load.
 */
final class EndpointSelectionFilter implements GatewayFilter {

  /** Exchange attribute: indexes of the endpoints this request's attempts used. */
  static final String TRIED_ENDPOINTS_ATTR = "portico.triedEndpoints";

  /** Exchange attribute: the endpoint of the current attempt. */
  public static final String ENDPOINT_ATTR = "portico.endpoint";

  /** Exchange attribute: the upstream group of the current attempt's endpoint. */
  static final String ATTEMPT_UPSTREAM_ATTR = "portico.attemptUpstream";

  private final UpstreamSelector selector;
  private final Function<ServerWebExchange, String> clientIp;
  private final Function<ServerWebExchange, String> callerRegion;

  /**
   * @param selector the route's upstream (or split)
   * @param clientIp the client's address (trusted proxies applied), for hashing on client-ip
   * @param callerRegion the caller's region when a trusted proxy says it, else null
   */
  EndpointSelectionFilter(
      UpstreamSelector selector,
      Function<ServerWebExchange, String> clientIp,
      Function<ServerWebExchange, String> callerRegion) {
    this.selector = selector;
    this.clientIp = clientIp;
    this.callerRegion = callerRegion;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    Set<Integer> tried = exchange.getAttributeOrDefault(TRIED_ENDPOINTS_ATTR, Set.of());
    UpstreamGroup upstream = selector.select(exchange);
    UpstreamEndpoint endpoint = choose(exchange, upstream, tried);
    if (endpoint == null) {
      return Mono.error(
          new GatewayProblem(
              ProblemType.NO_ENDPOINTS,
              "Upstream '"
                  + upstream.name()
                  + "' has no endpoints (its DNS name resolves to none)."));
    }
    Set<Integer> now = new HashSet<>(tried);
    now.add(endpoint.index());
    exchange.getAttributes().put(TRIED_ENDPOINTS_ATTR, now);
    exchange.getAttributes().put(ENDPOINT_ATTR, endpoint);
    exchange.getAttributes().put(ATTEMPT_UPSTREAM_ATTR, upstream);
    exchange
        .getAttributes()
        .put(GATEWAY_REQUEST_URL_ATTR, upstreamUrl(endpoint, exchange.getRequest()));
    EndpointLoad load = upstream.load(endpoint);
    long started = load == null ? 0 : System.nanoTime();
    if (load != null) {
      load.started();
    }
    return chain
        .filter(exchange)
        .doOnSuccess(done -> finished(upstream, endpoint, load, started, outcome(exchange, null)))
        .doOnError(error -> finished(upstream, endpoint, load, started, outcome(exchange, error)))
        .doOnCancel(() -> finished(upstream, endpoint, load, started, null));
  }

  private UpstreamEndpoint choose(
      ServerWebExchange exchange, UpstreamGroup upstream, Set<Integer> tried) {
    RequestHashKey hashOn = upstream.hashOn();
    long keyHash = hashOn == null ? 0 : hashOn.hash(exchange, clientIp);
    String region = upstream.config().locality() == null ? null : callerRegion.apply(exchange);
    StickyCookies sticky = upstream.sticky();
    if (sticky == null) {
      return upstream.choose(keyHash, tried, region);
    }
    UpstreamEndpoint pinned = sticky.pinned(exchange);
    UpstreamEndpoint chosen =
        tried.isEmpty() && pinned != null && upstream.picker().usable(pinned)
            ? pinned
            : upstream.choose(keyHash, tried, region);
    exchange
        .getResponse()
        .beforeCommit(
            () -> {
              if (exchange.getAttribute(ENDPOINT_ATTR) == chosen) {
                sticky.pin(exchange, pinned, chosen);
              }
              return Mono.empty();
            });
    return chosen;
  }

  private static OutlierDetector.Outcome outcome(ServerWebExchange exchange, Throwable error) {
    if (error != null) {
      if (ProblemClassifier.isClientAbort(error)) {
        return null;
      }
      return ProblemClassifier.isConnectFailure(error)
          ? OutlierDetector.Outcome.CONNECT_FAILURE
          : OutlierDetector.Outcome.SERVER_ERROR;
    }
    HttpStatusCode status = exchange.getResponse().getStatusCode();
    return status != null && status.is5xxServerError()
        ? OutlierDetector.Outcome.SERVER_ERROR
        : OutlierDetector.Outcome.SUCCESS;
  }

  private static void finished(
      UpstreamGroup upstream,
      UpstreamEndpoint endpoint,
      EndpointLoad load,
      long started,
      OutlierDetector.Outcome outcome) {
    if (load != null) {
      load.finished(System.nanoTime() - started, outcome == OutlierDetector.Outcome.SUCCESS);
    }
    if (outcome != null) {
      upstream.picker().report(endpoint, outcome);
    }
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
