package dev.portico.ratelimit;

import dev.portico.config.model.StoreFailureMode;
import java.util.concurrent.CompletableFuture;

/**
 * Decisions for limits kept in Redis, with the policy's failure mode applied when Redis does not
 * answer: {@code open} admits uncounted, {@code closed} refuses, {@code local} answers from this
 * gateway's own limiter with its share of the limit. The local limiter is kept warm: every request
 * of a {@code local}-mode policy is also counted there against the share, so at the moment Redis
 * fails it already knows this gateway's recent traffic. Thread-safe; never blocks; the returned
 * future never fails.
 */
public final class SharedRateLimiter {

  private final RedisRateLimiter redis;
  private final LocalRateLimiter local;
  private final ReplicaCensus census;
  private final StoreOutage outage;

  public SharedRateLimiter(
      RedisRateLimiter redis, LocalRateLimiter local, ReplicaCensus census, StoreOutage outage) {
    this.redis = redis;
    this.local = local;
    this.census = census;
    this.outage = outage;
  }

  /** Checks one request for {@code key} against {@code limit}. */
  public CompletableFuture<StoreDecision> decide(String key, SharedLimit limit) {
    StoreFailureMode mode = limit.onFailure();
    RateDecision warm =
        mode == StoreFailureMode.LOCAL ? local.decide(key, limit.share(census.replicas())) : null;
    return redis
        .decide(key, limit)
        .handle(
            (decision, error) -> {
              if (error == null) {
                outage.answered();
                return new StoreDecision(decision, null);
              }
              outage.fellBack(mode, error);
              return new StoreDecision(fallback(mode, warm, limit), mode);
            });
  }

  private static RateDecision fallback(
      StoreFailureMode mode, RateDecision warm, SharedLimit limit) {
    return switch (mode) {
      case LOCAL -> warm;
      case OPEN -> RateDecision.unlimited(limit.limits().size());
      case CLOSED -> RateDecision.refused(limit.limits().size());
    };
  }

  public StoreOutage outage() {
    return outage;
  }

  public ReplicaCensus census() {
    return census;
  }
}
