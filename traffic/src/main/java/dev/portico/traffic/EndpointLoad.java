package dev.portico.traffic;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The live load of one endpoint as least-request balancing sees it: requests in flight and an
 * exponentially weighted moving average (EWMA) of response latency. Lock-free and safe for
 * concurrent use; every {@link #started()} must be paired with one {@link #finished}.
 *
 * <p>Each finished request updates the average as {@code ewma = decay * ewma + (1 - decay) *
 * sample}; the first sample sets it. A failed request never makes the endpoint look faster: its
 * sample is {@code max(latency, ewma)}, so an endpoint that fails fast does not attract traffic.
 * In-flight is an {@link AtomicLong} rather than a {@code LongAdder} because the balancer reads it
 * on every decision.
 */
public final class EndpointLoad {

  /** Default share of the old average kept per sample (about the last ten requests count). */
  public static final double DEFAULT_DECAY = 0.9;

  private static final long NO_SAMPLE = Double.doubleToRawLongBits(Double.NaN);

  private final double decay;
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong ewmaBits = new AtomicLong(NO_SAMPLE);

  /** A tracker with {@link #DEFAULT_DECAY}. */
  public EndpointLoad() {
    this(DEFAULT_DECAY);
  }

  /**
   * @param decay share of the old average kept per sample, in {@code [0, 1)}; 0 keeps only the
   *     latest sample
   */
  public EndpointLoad(double decay) {
    if (!(decay >= 0 && decay < 1)) {
      throw new IllegalArgumentException("decay: " + decay + " is not in [0, 1)");
    }
    this.decay = decay;
  }

  /** A request to this endpoint was sent. */
  public void started() {
    inFlight.incrementAndGet();
  }

  /**
   * A request to this endpoint ended.
   *
   * @param latencyNanos time from sending the request to its response (or failure), nanoseconds
   * @param success false for a connect failure, timeout or 5xx
   */
  public void finished(long latencyNanos, boolean success) {
    inFlight.getAndUpdate(n -> n > 0 ? n - 1 : 0);
    double sample = Math.max(0, latencyNanos);
    long current;
    long next;
    do {
      current = ewmaBits.get();
      double ewma = Double.longBitsToDouble(current);
      double value;
      if (current == NO_SAMPLE) {
        value = sample;
      } else {
        double effective = success ? sample : Math.max(sample, ewma);
        value = decay * ewma + (1 - decay) * effective;
      }
      next = Double.doubleToRawLongBits(value);
    } while (!ewmaBits.compareAndSet(current, next));
  }

  /** Requests started and not yet finished. */
  public long inFlight() {
    return inFlight.get();
  }

  /** The latency EWMA in nanoseconds; {@code NaN} before the first finished request. */
  public double latencyEwmaNanos() {
    return Double.longBitsToDouble(ewmaBits.get());
  }
}
