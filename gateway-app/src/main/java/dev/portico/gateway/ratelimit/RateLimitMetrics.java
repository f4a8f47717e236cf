package dev.portico.gateway.ratelimit;

import dev.portico.config.model.StoreFailureMode;
import dev.portico.ratelimit.LocalRateLimiter;
import dev.portico.ratelimit.ReplicaCensus;
import dev.portico.ratelimit.SharedRateLimiter;
import dev.portico.ratelimit.StoreOutage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code portico_ratelimit_decisions_total{route, policy, outcome}} (allowed / limited /
 * unavailable, the last when a closed policy could not reach its store), and for the local store
 * {@code portico_ratelimit_local_keys} and {@code portico_ratelimit_local_full_total} (requests
 * that passed uncounted because the store was full of active keys). Tags come from the
 * configuration (route ids, policy and tier names), never from keys.
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

  /**
   * Registers the shared store's meters: {@code portico_ratelimit_store_up} (1 while Redis
   * answers), {@code portico_ratelimit_store_fallbacks_total{mode}}, {@code
   * portico_ratelimit_store_outages_total} and {@code portico_ratelimit_replicas}.
   */
  void bindShared(SharedRateLimiter shared) {
    StoreOutage outage = shared.outage();
    Gauge.builder("portico.ratelimit.store.up", outage, o -> o.up() ? 1 : 0)
        .description("1 while the shared rate-limit store (Redis) answers, else 0")
        .tag("store", "redis")
        .register(registry);
    for (StoreFailureMode mode : StoreFailureMode.values()) {
      FunctionCounter.builder("portico.ratelimit.store.fallbacks", outage, o -> o.fallbacks(mode))
          .description("Decisions taken by on-store-failure because Redis did not answer")
          .tag("store", "redis")
          .tag("mode", mode.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    FunctionCounter.builder("portico.ratelimit.store.outages", outage, StoreOutage::incidents)
        .description("Times the shared rate-limit store stopped answering")
        .tag("store", "redis")
        .register(registry);
    Gauge.builder("portico.ratelimit.replicas", shared.census(), ReplicaCensus::replicas)
        .description("Gateway replicas the limits are shared by (configured or observed)")
        .register(registry);
  }

  void decision(String route, String policy, boolean allowed, boolean storeUnavailable) {
    String outcome = storeUnavailable ? "unavailable" : allowed ? "allowed" : "limited";
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
