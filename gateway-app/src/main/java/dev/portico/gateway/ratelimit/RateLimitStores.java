package dev.portico.gateway.ratelimit;

import dev.portico.config.model.PorticoConfig;
import dev.portico.config.model.RateLimitSettings;
import dev.portico.config.model.RateLimitStore;
import dev.portico.ratelimit.LocalRateLimiter;
import dev.portico.ratelimit.RedisRateLimiter;
import dev.portico.ratelimit.RedisStore;
import dev.portico.ratelimit.ReplicaCensus;
import dev.portico.ratelimit.SharedRateLimiter;
import dev.portico.ratelimit.StoreOutage;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The rate-limit stores of a running gateway, created on first need and kept across reloads (so are
 * their counts): the local store, swept every 10 s, and — once any policy is kept in Redis — the
 * Redis connection with its replica census. Their settings are read when they are created; changing
 * them needs a restart. Thread-safe.
 */
public final class RateLimitStores implements AutoCloseable {

  /** How often the local store forgets keys that have fully recovered. */
  private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);

  private final MeterRegistry meters;
  private final Clock clock;
  private final boolean connect;
  private ScheduledExecutorService scheduler;
  private LocalRateLimiter local;
  private RateLimitMetrics metrics;
  private RedisStore redis;
  private SharedRateLimiter shared;
  private final LimitedKeyLog limitedKeys;

  /**
   * @param connect whether Redis may be connected to (false for one-shot CLI commands, whose Redis
   *     policies then decide as if Redis were down)
   */
  public RateLimitStores(MeterRegistry meters, Clock clock, boolean connect) {
    this.meters = meters;
    this.clock = clock;
    this.connect = connect;
    this.limitedKeys = new LimitedKeyLog(clock);
  }

  /** The keys refused most often lately, across reloads. */
  public LimitedKeyLog limitedKeys() {
    return limitedKeys;
  }

  /** The stores {@code config} needs, creating those not yet created. */
  public synchronized RateLimitFilter.Stores forConfig(PorticoConfig config) {
    RateLimitSettings settings = config.gateway().rateLimiting();
    if (local == null) {
      scheduler = scheduler();
      local = new LocalRateLimiter(settings.localMaxKeys(), System::nanoTime);
      metrics = new RateLimitMetrics(meters, local);
      scheduler.scheduleWithFixedDelay(
          local::sweep,
          SWEEP_INTERVAL.toMillis(),
          SWEEP_INTERVAL.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    if (shared == null && usesRedis(config)) {
      redis = connect ? RedisStore.start(settings.redis(), scheduler) : null;
      StoreOutage outage = new StoreOutage(clock);
      ReplicaCensus census =
          redis == null
              ? new ReplicaCensus(settings.replicas() == null ? 1 : settings.replicas())
              : new ReplicaCensus(settings.replicas(), redis, scheduler);
      shared =
          new SharedRateLimiter(
              redis == null ? RedisRateLimiter.unavailable() : new RedisRateLimiter(redis),
              local,
              census,
              outage);
      metrics.bindShared(shared);
    }
    return new RateLimitFilter.Stores(local, shared, metrics, limitedKeys);
  }

  private static boolean usesRedis(PorticoConfig config) {
    RateLimitStore fallback = config.gateway().rateLimiting().store();
    return config.rateLimits().values().stream()
        .anyMatch(p -> (p.store() != null ? p.store() : fallback) == RateLimitStore.REDIS);
  }

  private static ScheduledExecutorService scheduler() {
    return Executors.newSingleThreadScheduledExecutor(
        task -> {
          Thread thread = new Thread(task, "portico-ratelimit");
          thread.setDaemon(true);
          return thread;
        });
  }

  @Override
  public synchronized void close() {
    if (shared != null) {
      shared.census().close();
    }
    if (redis != null) {
      redis.close();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
