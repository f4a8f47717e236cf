package dev.portico.gateway.filter;

import dev.portico.config.model.RetryCondition;
import dev.portico.config.model.RetryPolicy;
import dev.portico.gateway.error.ProblemClassifier;
import dev.portico.gateway.upstream.UpstreamSelector;
import dev.portico.traffic.RetryBudget;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Runs the rest of the chain (endpoint choice and the upstream call) up to {@code attempts} times.
 *
 * <p>A connection failure is retried for every method: the request never left Portico. A reset or a
 * listed status is retried only for idempotent methods unless the policy says otherwise. Between
 * attempts it waits a random time up to an exponentially growing bound (full jitter), on a timer,
 * never blocking a thread. The response of a failed attempt is discarded before the next one.
 *
 * <p>Each retry needs room in the upstream's retry budget (retries in flight at most a share of
 * requests in flight); without room the failed attempt's outcome stands, as if it were the last.
 */
final class RetryFilter implements GatewayFilter {

  private static final Set<HttpMethod> IDEMPOTENT =
      Set.of(
          HttpMethod.GET,
          HttpMethod.HEAD,
          HttpMethod.OPTIONS,
          HttpMethod.PUT,
          HttpMethod.DELETE,
          HttpMethod.TRACE);

  private final RetryPolicy policy;
  private final UpstreamSelector upstream;
  private final boolean onConnectFailure;
  private final boolean onReset;

  /**
   * @param upstream the route's upstream, whose retry budget must have room for each retry
   */
  RetryFilter(RetryPolicy policy, UpstreamSelector upstream) {
    this.policy = policy;
    this.upstream = upstream;
    this.onConnectFailure = policy.on().contains(RetryCondition.CONNECT_FAILURE);
    this.onReset = policy.on().contains(RetryCondition.RESET);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    RetryBudget budget = upstream.select(exchange).retryBudget();
    budget.requestStarted();
    return attempts(exchange, chain, budget).doFinally(signal -> budget.requestFinished());
  }

  private Mono<Void> attempts(
      ServerWebExchange exchange, GatewayFilterChain chain, RetryBudget budget) {
    boolean mayRepeatRequest =
        !policy.idempotentOnly() || IDEMPOTENT.contains(exchange.getRequest().getMethod());
    if (mayRepeatRequest && !policy.idempotentOnly() && hasBody(exchange)) {
      return ServerWebExchangeUtils.cacheRequestBodyAndRequest(
          exchange,
          request -> attempt(exchange.mutate().request(request).build(), chain, 1, true, budget));
    }
    return attempt(exchange, chain, 1, mayRepeatRequest, budget);
  }

  private Mono<Void> attempt(
      ServerWebExchange exchange,
      GatewayFilterChain chain,
      int number,
      boolean mayRepeat,
      RetryBudget budget) {
    boolean last = number >= policy.attempts();
    return chain
        .filter(exchange)
        .then(
            Mono.defer(
                () ->
                    !last
                            && mayRepeat
                            && retryableStatus(exchange.getResponse().getStatusCode())
                            && budget.tryAcquireRetry()
                        ? retry(exchange, chain, number, mayRepeat, budget)
                        : Mono.<Void>empty()))
        .onErrorResume(
            error -> !last && retryableError(error, mayRepeat) && budget.tryAcquireRetry(),
            error -> retry(exchange, chain, number, mayRepeat, budget));
  }

  private Mono<Void> retry(
      ServerWebExchange exchange,
      GatewayFilterChain chain,
      int number,
      boolean mayRepeat,
      RetryBudget budget) {
    ServerWebExchangeUtils.reset(exchange);
    return Mono.delay(backoff(number))
        .then(Mono.defer(() -> attempt(exchange, chain, number + 1, mayRepeat, budget)))
        .doFinally(signal -> budget.releaseRetry());
  }

  private boolean retryableStatus(HttpStatusCode status) {
    return status != null && policy.statuses().contains(status.value());
  }

  private boolean retryableError(Throwable error, boolean mayRepeat) {
    if (ProblemClassifier.isConnectFailure(error)) {
      return onConnectFailure;
    }
    return mayRepeat && onReset && ProblemClassifier.isReset(error);
  }

  /** Full jitter: uniformly random up to min(max, first × 2^(n-1)). */
  private Duration backoff(int attemptsSoFar) {
    long first = policy.backoff().first().toNanos();
    long max = policy.backoff().max().toNanos();
    long bound = first << Math.min(attemptsSoFar - 1, 30);
    bound = bound <= 0 || bound > max ? max : bound;
    return Duration.ofNanos(bound == 0 ? 0 : ThreadLocalRandom.current().nextLong(bound + 1));
  }

  private static boolean hasBody(ServerWebExchange exchange) {
    var headers = exchange.getRequest().getHeaders();
    return headers.getContentLength() > 0 || headers.containsHeader("Transfer-Encoding");
  }
}
