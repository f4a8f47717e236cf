package dev.portico.ratelimit;

import dev.portico.config.model.Rate;
import dev.portico.config.model.StoreFailureMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A limit set kept in a shared store, compiled once per policy (or tier) and snapshot: the limits,
 * their script arguments, what to do when the store fails, and this gateway's share of the limits
 * for {@link StoreFailureMode#LOCAL}. Thread-safe; the share is recomputed only when the number of
 * replicas changes.
 */
public final class SharedLimit {

  private final LimitSet limits;
  private final StoreFailureMode onFailure;
  private final String[] scriptArguments;
  private volatile Share share;

  private record Share(int replicas, LimitSet limits) {}

  public SharedLimit(LimitSet limits, StoreFailureMode onFailure) {
    this.limits = limits;
    this.onFailure = onFailure;
    this.scriptArguments = scriptArguments(limits);
    this.share = new Share(1, limits);
  }

  private static String[] scriptArguments(LimitSet limits) {
    String[] arguments = new String[limits.size() * 2];
    for (int i = 0; i < limits.size(); i++) {
      GcraLimit limit = limits.get(i);
      arguments[2 * i] = Long.toString(micros(limit.intervalNanos()));
      arguments[2 * i + 1] = Long.toString(micros(limit.toleranceNanos()));
    }
    return arguments;
  }

  /** Microseconds, at least 1 for a positive value: Redis' clock counts microseconds. */
  private static long micros(long nanos) {
    return nanos == 0 ? 0 : Math.max(1, (nanos + 500) / 1000);
  }

  public LimitSet limits() {
    return limits;
  }

  public StoreFailureMode onFailure() {
    return onFailure;
  }

  String[] scriptArguments() {
    return scriptArguments;
  }

  /**
   * This gateway's share when {@code replicas} gateways split the limits: each rate divided by
   * {@code replicas} (at least 1 per period), the burst divided and rounded up.
   */
  public LimitSet share(int replicas) {
    Share current = share;
    if (current.replicas() == replicas) {
      return current.limits();
    }
    LimitSet divided = divide(limits, replicas);
    share = new Share(replicas, divided);
    return divided;
  }

  static LimitSet divide(LimitSet limits, int replicas) {
    if (replicas <= 1) {
      return limits;
    }
    List<GcraLimit> divided = new ArrayList<>(limits.size());
    for (GcraLimit limit : limits.limits()) {
      Rate rate = limit.rate();
      Rate part = new Rate(Math.max(1, rate.count() / replicas), rate.period());
      int burst = (int) Math.max(1, ((long) limit.burst() + replicas - 1) / replicas);
      divided.add(GcraLimit.of(part, burst));
    }
    return new LimitSet(limits.name(), divided);
  }
}
