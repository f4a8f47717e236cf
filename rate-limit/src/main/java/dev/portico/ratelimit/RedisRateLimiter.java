package dev.portico.ratelimit;

import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * GCRA decisions kept in Redis: one EVALSHA round trip per decision, time taken from Redis' clock
 * (so gateways with skewed clocks agree), one Redis key per limit, all keys of a decision under one
 * hash tag so the script runs on Redis Cluster. Thread-safe and non-blocking; futures complete on a
 * Lettuce I/O thread and fail when Redis fails (the caller chooses the fallback).
 */
public final class RedisRateLimiter {

  private final RedisStore store;

  public RedisRateLimiter(RedisStore store) {
    this.store = store;
  }

  /**
   * A limiter without Redis (for one-shot commands): every decision fails as if Redis were down.
   */
  public static RedisRateLimiter unavailable() {
    return new RedisRateLimiter(null);
  }

  /** Checks one request for {@code key}, counting it when admitted. */
  public CompletableFuture<RateDecision> decide(String key, SharedLimit limit) {
    if (store == null) {
      return CompletableFuture.failedFuture(
          new RedisUnavailableException("Redis is not used by this command"));
    }
    CompletableFuture<List<Object>> reply =
        store.run(
            RedisScript.GCRA, ScriptOutputType.MULTI, keys(key, limit), limit.scriptArguments());
    return reply.thenApply(values -> decision(values, limit.limits().size()));
  }

  /**
   * {@code prefix{key}:i}: the braces make the key its own hash tag, so every limit of a decision
   * maps to the same cluster slot. A key containing '}' still shares one tag across its limits (the
   * tag ends at the first '}', which all of them have in the same place).
   */
  String[] keys(String key, SharedLimit limit) {
    int n = limit.limits().size();
    String base = store.keyPrefix() + '{' + key + "}:";
    String[] keys = new String[n];
    for (int i = 0; i < n; i++) {
      keys[i] = base + i;
    }
    return keys;
  }

  static RateDecision decision(List<Object> values, int limits) {
    boolean allowed = ((Long) values.get(0)) == 1L;
    long retryAfter = nanos(values.get(1));
    long[] remaining = new long[limits];
    long[] reset = new long[limits];
    for (int i = 0; i < limits; i++) {
      remaining[i] = (Long) values.get(2 + 2 * i);
      reset[i] = nanos(values.get(3 + 2 * i));
    }
    return new RateDecision(allowed, remaining, reset, retryAfter);
  }

  private static long nanos(Object micros) {
    return Math.multiplyExact((Long) micros, 1000L);
  }
}
