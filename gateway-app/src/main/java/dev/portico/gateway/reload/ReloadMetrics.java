package dev.portico.gateway.reload;

import dev.portico.config.watch.ReloadObserver;
import dev.portico.config.watch.ReloadOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts configuration reloads by outcome ({@code portico_config_reload_total{result}}) and exposes
 * the time of the last configuration that took effect ({@code
 * portico_config_last_success_timestamp_seconds}), so alerts can fire on a failed or stale reload.
 */
public final class ReloadMetrics implements ReloadObserver {

  private final Map<ReloadOutcome.Result, Counter> counters =
      new EnumMap<>(ReloadOutcome.Result.class);
  private final AtomicLong lastSuccessMillis;
  private final Clock clock;

  public ReloadMetrics(MeterRegistry registry, Clock clock) {
    this.clock = clock;
    this.lastSuccessMillis = new AtomicLong(clock.millis());
    for (ReloadOutcome.Result result : ReloadOutcome.Result.values()) {
      counters.put(
          result,
          Counter.builder("portico.config.reload")
              .description("Configuration reloads by outcome")
              .tag("result", result.tag())
              .register(registry));
    }
    Gauge.builder("portico.config.last.success.timestamp", lastSuccessMillis, m -> m.get() / 1000.0)
        .description("When the configuration in force was loaded (Unix time)")
        .baseUnit("seconds")
        .register(registry);
  }

  @Override
  public void reloaded(ReloadOutcome outcome) {
    counters.get(outcome.result()).increment();
    if (outcome.result() == ReloadOutcome.Result.APPLIED) {
      lastSuccessMillis.set(clock.millis());
    }
  }
}
