package dev.portico.gateway.ratelimit;

import dev.portico.config.model.PorticoConfig;
import dev.portico.config.model.Route;
import dev.portico.config.model.StoreFailureMode;
import dev.portico.gateway.error.GatewayProblem;
import dev.portico.gateway.error.ProblemType;
import dev.portico.ratelimit.LimitSet;
import dev.portico.ratelimit.LocalRateLimiter;
import dev.portico.ratelimit.RateDecision;
import dev.portico.ratelimit.SharedLimit;
import dev.portico.ratelimit.SharedRateLimiter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
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
 * headers. Policies are independent: a request refused by one is still counted by the others.
 *
 * <p>Local policies decide on the calling thread. Policies kept in Redis are asked all at once (one
 * round trip each, in parallel) without blocking; their answers arrive on a Redis client thread,
 * and the chain continues on the request's own event loop. A policy whose store fails applies its
 * {@code on-store-failure} mode; {@code closed} answers 503 {@code rate-limit-store-unavailable}.
 * Immutable; built once per route and snapshot.
 */
public final class RateLimitFilter implements GatewayFilter {

  private final String routeId;
  private final List<CompiledRateLimit> limits;
  private final Context context;
  private final boolean anyShared;

  /**
   * The stores of the running gateway.
   *
   * @param local the local store
   * @param shared the Redis store with its fallbacks, or null when no policy uses Redis
   * @param metrics decision counters
   * @param limitedKeys the keys refused most often lately (for the admin console)
   */
  public record Stores(
      LocalRateLimiter local,
      SharedRateLimiter shared,
      RateLimitMetrics metrics,
      LimitedKeyLog limitedKeys) {}

  /**
   * What the rate-limit filters of a snapshot share.
   *
   * @param stores the stores
   * @param clientIp the client's address for an exchange (trusted proxies applied)
   */
  public record Context(Stores stores, Function<ServerWebExchange, String> clientIp) {}

  private RateLimitFilter(String routeId, List<CompiledRateLimit> limits, Context context) {
    this.routeId = routeId;
    this.limits = limits;
    this.context = context;
    this.anyShared = limits.stream().anyMatch(limit -> limit.shared("") != null);
  }

  /** The filter for {@code route}, or null when it names no rate-limit policy. */
  public static RateLimitFilter of(Route route, PorticoConfig config, Context context) {
    if (route.rateLimits().isEmpty()) {
      return null;
    }
    List<CompiledRateLimit> compiled =
        route.rateLimits().stream()
            .map(
                name ->
                    CompiledRateLimit.compile(
                        name,
                        config.rateLimits().get(name),
                        config.gateway().rateLimiting(),
                        route.id()))
            .toList();
    return new RateLimitFilter(route.id(), compiled, context);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    LimitedRequest request = new LimitedRequest(exchange, context.clientIp());
    Verdicts verdicts = new Verdicts(limits.size());
    CompletableFuture<?>[] pending = anyShared ? new CompletableFuture<?>[limits.size()] : null;
    for (int i = 0; i < limits.size(); i++) {
      CompiledRateLimit limit = limits.get(i);
      String tier = limit.tier(request);
      String key = limit.key(request, tier);
      SharedLimit shared = limit.shared(tier);
      if (shared == null) {
        LimitSet set = limit.limits(tier);
        verdicts.set(i, set, context.stores().local().decide(key, set), false);
      } else {
        int index = i;
        pending[i] =
            context
                .stores()
                .shared()
                .decide(key, shared)
                .thenAccept(
                    decided ->
                        verdicts.set(
                            index,
                            decided.fallback() == StoreFailureMode.LOCAL
                                ? shared.share(context.stores().shared().census().replicas())
                                : shared.limits(),
                            decided.decision(),
                            decided.storeUnavailable()));
      }
    }
    if (pending == null) {
      return respond(exchange, chain, verdicts, request);
    }
    CompletableFuture<Void> all = CompletableFuture.allOf(nonNull(pending));
    Executor eventLoop = EventLoops.of(exchange);
    CompletableFuture<Void> resumed =
        eventLoop == null ? all : all.whenCompleteAsync((done, error) -> {}, eventLoop);
    return Mono.fromFuture(resumed, true)
        .then(Mono.defer(() -> respond(exchange, chain, verdicts, request)));
  }

  private static CompletableFuture<?>[] nonNull(CompletableFuture<?>[] pending) {
    int count = 0;
    for (CompletableFuture<?> future : pending) {
      count += future == null ? 0 : 1;
    }
    CompletableFuture<?>[] out = new CompletableFuture<?>[count];
    int next = 0;
    for (CompletableFuture<?> future : pending) {
      if (future != null) {
        out[next++] = future;
      }
    }
    return out;
  }

  private Mono<Void> respond(
      ServerWebExchange exchange,
      GatewayFilterChain chain,
      Verdicts verdicts,
      LimitedRequest request) {
    RateLimitHeaders headers = new RateLimitHeaders();
    long retryAfter = 0;
    boolean refused = false;
    boolean unavailable = false;
    for (int i = 0; i < verdicts.size(); i++) {
      LimitSet set = verdicts.limits(i);
      RateDecision decision = verdicts.decision(i);
      boolean storeDown = verdicts.unavailable(i);
      context.stores().metrics().decision(routeId, set.name(), decision.allowed(), storeDown);
      headers.add(set, decision);
      if (storeDown) {
        unavailable = true;
      } else if (!decision.allowed()) {
        refused = true;
        context.stores().limitedKeys().record(routeId, set.name(), limits.get(i), request);
        retryAfter = Math.max(retryAfter, decision.retryAfterNanos());
      }
    }
    HttpHeaders response = exchange.getResponse().getHeaders();
    response.set(RateLimitHeaders.POLICY, headers.policy());
    if (!headers.state().isEmpty()) {
      response.set(RateLimitHeaders.STATE, headers.state());
    }
    if (refused) {
      long seconds = Math.max(1, RateLimitHeaders.seconds(retryAfter));
      response.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
      return Mono.error(
          new GatewayProblem(
              ProblemType.RATE_LIMITED,
              "Too many requests; retry after "
                  + seconds
                  + (seconds == 1 ? " second." : " seconds.")));
    }
    if (unavailable) {
      response.set(HttpHeaders.RETRY_AFTER, "1");
      return Mono.error(
          new GatewayProblem(
              ProblemType.RATE_LIMIT_STORE_UNAVAILABLE,
              "The rate-limit store cannot be reached and this route's limit fails closed;"
                  + " retry shortly."));
    }
    return chain.filter(exchange);
  }
}
