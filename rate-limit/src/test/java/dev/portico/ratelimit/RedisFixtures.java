package dev.portico.ratelimit;

import static org.awaitility.Awaitility.await;

import dev.portico.config.model.Rate;
import dev.portico.config.model.RedisMode;
import dev.portico.config.model.RedisSettings;
import dev.portico.config.model.StoreFailureMode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Settings and connections for tests against a real redis-server. */
final class RedisFixtures {

  private RedisFixtures() {}

  static RedisSettings settings(RedisMode mode, List<String> nodes) {
    return new RedisSettings(
        mode, nodes, null, null, 0, Duration.ofSeconds(2), Duration.ofMillis(500), "test:rl:");
  }

  static ScheduledExecutorService scheduler() {
    return Executors.newSingleThreadScheduledExecutor(
        task -> {
          Thread thread = new Thread(task, "test-redis-scheduler");
          thread.setDaemon(true);
          return thread;
        });
  }

  static RedisStore connected(RedisSettings settings, ScheduledExecutorService scheduler) {
    RedisStore store = RedisStore.start(settings, scheduler);
    await().atMost(Duration.ofSeconds(15)).until(store::connected);
    return store;
  }

  static SharedLimit limit(StoreFailureMode mode, int burst, String... rates) {
    return new SharedLimit(
        LimitSet.of("p", List.of(rates).stream().map(Rate::parse).toList(), burst), mode);
  }
}
