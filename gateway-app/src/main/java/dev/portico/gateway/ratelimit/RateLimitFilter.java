package dev.portico.gateway.ratelimit;

import dev.portico.config.model.RateLimitPolicy;
import dev.portico.config.model.Route;
import dev.portico.gateway.error.GatewayProblem;
import dev.portico.gateway.error.ProblemType;
import dev.portico.ratelimit.LimitSet;
import dev.portico.ratelimit.LocalRateLimiter;
import dev.portico.ratelimit.RateDecision;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Applies a route's rate-limit policies after authentication and authorization: each policy counts
 * the request under its key and tier; when any refuses, the answer is 429 with {@code Retry-After}
 * and a problem body. Every response of the route carries the RateLimit-Policy and RateLimit
 * headers. Policies are independent: a request refused by one is still counted by those before it.
 * Immutable; built once per route and snapshot; decides on the calling thread without blocking.
 */
public final class RateLimitFilter implements GatewayFilter {

  private final String routeId;
  private final List<CompiledRateLimit> limits;
  private final Context context;

  /**
   * What the rate-limit filters of a snapshot share.
   *
   * @param local the local store (kept across reloads)
   * @param metrics decision counters
   * @param clientIp the client's address for an exchange (trusted proxies applied)
   */
  public record Context(
      LocalRateLimiter local,
      RateLimitMetrics metrics,
      Function<ServerWebExchange, String> clientIp) {}

  private RateLimitFilter(String routeId, List<CompiledRateLimit> limits, Context context) {
    this.routeId = routeId;
    this.limits = limits;
    this.context = context;
  }

  /** The filter for {@code route}, or null when it names no rate-limit policy. */
  public static RateLimitFilter of(
      Route route, Map<String, RateLimitPolicy> policies, Context context) {
    if (route.rateLimits().isEmpty()) {
      return null;
    }
    List<CompiledRateLimit> compiled =
        route.rateLimits().stream()
            .map(name -> CompiledRateLimit.compile(name, policies.get(name), route.id()))
            .toList();
    return new RateLimitFilter(route.id(), compiled, context);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    LimitedRequest request = new LimitedRequest(exchange, context.clientIp());
    RateLimitHeaders headers = new RateLimitHeaders();
    long retryAfter = 0;
    boolean refused = false;
    for (CompiledRateLimit limit : limits) {
      String tier = limit.tier(request);
      LimitSet set = limit.limits(tier);
      RateDecision decision = context.local().decide(limit.key(request, tier), set);
      context.metrics().decision(routeId, set.name(), decision.allowed());
      headers.add(set, decision);
      if (!decision.allowed()) {
        refused = true;
        retryAfter = Math.max(retryAfter, decision.retryAfterNanos());
      }
    }
    HttpHeaders response = exchange.getResponse().getHeaders();
    response.set(RateLimitHeaders.POLICY, headers.policy());
    if (!headers.state().isEmpty()) {
      response.set(RateLimitHeaders.STATE, headers.state());
    }
    if (!refused) {
      return chain.filter(exchange);
    }
    long seconds = Math.max(1, RateLimitHeaders.seconds(retryAfter));
    response.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    return Mono.error(
        new GatewayProblem(
            ProblemType.RATE_LIMITED,
            "Too many requests; retry after "
                + seconds
                + (seconds == 1 ? " second." : " seconds.")));
  }
}
