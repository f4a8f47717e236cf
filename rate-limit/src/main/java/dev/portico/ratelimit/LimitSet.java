package dev.portico.ratelimit;

import dev.portico.config.model.Rate;
import java.util.List;

/**
 * The limits a request is checked against together — a policy's own, or one of its tiers' — with
 * the names they are reported under. Immutable.
 *
 * @param name the name in RateLimit headers and metrics: the policy, or policy/tier
 * @param limits the compiled limits, in configuration order
 */
public record LimitSet(String name, List<GcraLimit> limits) {

  public LimitSet {
    limits = List.copyOf(limits);
  }

  /** Compiles {@code rates}, all with the same burst. */
  public static LimitSet of(String name, List<Rate> rates, int burst) {
    return new LimitSet(name, rates.stream().map(rate -> GcraLimit.of(rate, burst)).toList());
  }

  public int size() {
    return limits.size();
  }

  public GcraLimit get(int index) {
    return limits.get(index);
  }
}
