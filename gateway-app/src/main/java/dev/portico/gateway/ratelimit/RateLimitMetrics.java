package dev.portico.gateway.ratelimit;

import dev.portico.ratelimit.LocalRateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code portico_ratelimit_decisions_total{route, policy, outcome}} (allowed / limited), and for
 * the local store {@code portico_ratelimit_local_keys} and {@code
 * portico_ratelimit_local_full_total} (requests that passed uncounted because the store was full of
 * active keys). Tags come from the configuration (route ids, policy and tier names), never from
 * keys.
 */
public final class RateLimitMetrics {

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public RateLimitMetrics(MeterRegistry registry, LocalRateLimiter local) {
    this.registry = registry;
    Gauge.builder("portico.ratelimit.local.keys", local, LocalRateLimiter::size)
        .description("Keys the local rate-limit store keeps")
        .register(registry);
    FunctionCounter.builder("portico.ratelimit.local.full", local, LocalRateLimiter::fullCount)
        .description("Requests admitted uncounted because the local store was full of active keys")
        .register(registry);
  }

  void decision(String route, String policy, boolean allowed) {
    String outcome = allowed ? "allowed" : "limited";
    counters
        .computeIfAbsent(
            route + '\u0000' + policy + '\u0000' + outcome,
            k ->
                Counter.builder("portico.ratelimit.decisions")
                    .description(
                        "Rate-limit decisions by route, policy (or policy/tier) and outcome")
                    .tag("route", route)
                    .tag("policy", policy)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
  }
}
