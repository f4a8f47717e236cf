package dev.portico.traffic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Passive outlier detection for one upstream (Envoy's consecutive-5xx and consecutive
 * connect-failure detectors). After {@code consecutiveServerErrors} 5xx responses in a row, or
 * {@code consecutiveConnectFailures} connect failures in a row, an endpoint is ejected for {@code
 * baseEjectionTime × (times ejected)}, at most {@code maxEjectionTime}; a success resets both
 * counts. At most {@code maxEjectionPercent} of the endpoints are ejected at once and at least one
 * always remains; a refused ejection is counted ({@link #refusedEjections}) and retried on the
 * endpoint's next failure.
 *
 * <p>Ejections end by time alone (the injected clock), checked when an endpoint is queried or an
 * ejection is considered; no background thread. Reports and queries are lock-free; ejecting takes a
 * lock (rare). Endpoints not given at construction are never ejected. Safe for concurrent use.
 */
public final class OutlierDetector<T> {

  /** What one request's response said about its endpoint. */
  public enum Outcome {
    /** Any response that is not a 5xx. */
    SUCCESS,
    /** A 5xx response (or a timeout, if the caller counts it so). */
    SERVER_ERROR,
    /** The connection could not be established (refused, reset, TLS handshake failure). */
    CONNECT_FAILURE
  }

  /**
   * Detection settings.
   *
   * @param consecutiveServerErrors 5xx in a row that eject, at least 1
   * @param consecutiveConnectFailures connect failures in a row that eject, at least 1
   * @param baseEjectionTime first ejection's length; the n-th lasts n times as long
   * @param maxEjectionTime cap on one ejection's length, at least the base
   * @param maxEjectionPercent 0–100: most endpoints ejected at once, as a share of the upstream
   */
  public record Settings(
      int consecutiveServerErrors,
      int consecutiveConnectFailures,
      Duration baseEjectionTime,
      Duration maxEjectionTime,
      int maxEjectionPercent) {

    /** Envoy's defaults: 5 and 5 in a row, 30 s base, 300 s max, at most 50% ejected. */
    public static final Settings DEFAULTS =
        new Settings(5, 5, Duration.ofSeconds(30), Duration.ofSeconds(300), 50);

    /** Validates; errors name the setting and the expectation. */
    public Settings {
      if (consecutiveServerErrors < 1 || consecutiveConnectFailures < 1) {
        throw new IllegalArgumentException(
            "outlier detection: consecutive failures must be at least 1 (got "
                + consecutiveServerErrors
                + " and "
                + consecutiveConnectFailures
                + ")");
      }
      if (baseEjectionTime.isNegative() || baseEjectionTime.isZero()) {
        throw new IllegalArgumentException(
            "outlier detection: base ejection time " + baseEjectionTime + " is not positive");
      }
      if (maxEjectionTime.compareTo(baseEjectionTime) < 0) {
        throw new IllegalArgumentException(
            "outlier detection: max ejection time "
                + maxEjectionTime
                + " is shorter than the base "
                + baseEjectionTime);
      }
      if (maxEjectionPercent < 0 || maxEjectionPercent > 100) {
        throw new IllegalArgumentException(
            "outlier detection: max ejection percent " + maxEjectionPercent + " is not in 0..100");
      }
    }
  }

  /**
   * One endpoint's state for observability.
   *
   * @param ejected whether it is ejected now
   * @param ejectionCount how often it has been ejected (the back-off multiplier of the next one)
   * @param ejectedUntil when the current ejection ends; {@code null} when not ejected
   */
  public record Status(boolean ejected, int ejectionCount, Instant ejectedUntil) {}

  private final Settings settings;
  private final Clock clock;
  private final Map<T, EndpointState> states = new HashMap<>();
  private final int maxEjected;
  private final AtomicLong refused = new AtomicLong();
  private int ejected; // guarded by this

  /**
   * @param endpoints the upstream's endpoints (compared with {@code equals})
   */
  public OutlierDetector(List<T> endpoints, Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    for (T endpoint : endpoints) {
      states.put(endpoint, new EndpointState());
    }
    int byPercent = states.size() * settings.maxEjectionPercent() / 100;
    this.maxEjected = Math.max(0, Math.min(states.size() - 1, byPercent));
  }

  /** Records the outcome of one request to {@code endpoint}; may eject it. */
  public void report(T endpoint, Outcome outcome) {
    EndpointState state = states.get(endpoint);
    if (state == null) {
      return;
    }
    switch (outcome) {
      case SUCCESS -> state.resetCounts();
      case SERVER_ERROR -> {
        if (state.serverErrors.incrementAndGet() >= settings.consecutiveServerErrors()) {
          tryEject(state);
        }
      }
      case CONNECT_FAILURE -> {
        if (state.connectFailures.incrementAndGet() >= settings.consecutiveConnectFailures()) {
          tryEject(state);
        }
      }
    }
  }

  /** Whether {@code endpoint} is ejected now; an ejection whose time has passed ends here. */
  public boolean isEjected(T endpoint) {
    EndpointState state = states.get(endpoint);
    if (state == null) {
      return false;
    }
    long until = state.ejectedUntilMillis;
    if (until == 0) {
      return false;
    }
    if (clock.millis() < until) {
      return true;
    }
    synchronized (this) {
      release(state, clock.millis());
    }
    return false;
  }

  /** The state of {@code endpoint}; unknown endpoints read as never ejected. */
  public Status status(T endpoint) {
    boolean now = isEjected(endpoint);
    EndpointState state = states.get(endpoint);
    if (state == null) {
      return new Status(false, 0, null);
    }
    long until = state.ejectedUntilMillis;
    return new Status(now, state.ejections, now && until != 0 ? Instant.ofEpochMilli(until) : null);
  }

  /** Ejections that {@code maxEjectionPercent} prevented (a fallback worth a metric). */
  public long refusedEjections() {
    return refused.get();
  }

  private synchronized void tryEject(EndpointState state) {
    long now = clock.millis();
    for (EndpointState other : states.values()) {
      release(other, now);
    }
    if (state.ejectedUntilMillis != 0) {
      return;
    }
    if (ejected >= maxEjected) {
      refused.incrementAndGet();
      return;
    }
    state.ejections++;
    long base = settings.baseEjectionTime().toMillis();
    long length = Math.min(base * state.ejections, settings.maxEjectionTime().toMillis());
    state.ejectedUntilMillis = now + length;
    state.resetCounts();
    ejected++;
  }

  /** Ends {@code state}'s ejection if its time has passed. Caller holds the lock. */
  private void release(EndpointState state, long now) {
    if (state.ejectedUntilMillis != 0 && now >= state.ejectedUntilMillis) {
      state.ejectedUntilMillis = 0;
      ejected--;
    }
  }

  private static final class EndpointState {
    final AtomicInteger serverErrors = new AtomicInteger();
    final AtomicInteger connectFailures = new AtomicInteger();
    volatile long ejectedUntilMillis; // 0 when not ejected; written under the detector's lock
    volatile int ejections; // written under the detector's lock

    void resetCounts() {
      if (serverErrors.get() != 0) { // no write (and no cache-line bounce) on the common path
        serverErrors.set(0);
      }
      if (connectFailures.get() != 0) {
        connectFailures.set(0);
      }
    }
  }
}
