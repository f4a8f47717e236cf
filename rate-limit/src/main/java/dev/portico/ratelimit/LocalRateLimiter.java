package dev.portico.ratelimit;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The local store: GCRA state per key in memory, exact for one gateway instance. Thread-safe; a
 * decision locks only its own key's state (a few nanoseconds, never contended across keys) and
 * never blocks otherwise.
 *
 * <p>Bounded: at most {@code maxKeys} keys. A key whose limits have fully recovered is in the same
 * state as one never seen, so forgetting it changes no decision; such keys are swept out whenever
 * the map is full (and by {@link #sweep}). When every kept key is still recovering, a request for a
 * new key is admitted without being counted ({@link RateDecision#uncounted}) and counted in {@link
 * #fullCount()}, rather than evicting a key that is being limited.
 */
public final class LocalRateLimiter {

  private final ConcurrentHashMap<String, long[]> states = new ConcurrentHashMap<>();
  private final int maxKeys;
  private final LongSupplier clock;
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private final LongAdder full = new LongAdder();

  /**
   * @param maxKeys most keys kept
   * @param clock monotonic nanoseconds (System::nanoTime; a fake in tests)
   */
  public LocalRateLimiter(int maxKeys, LongSupplier clock) {
    this.maxKeys = maxKeys;
    this.clock = clock;
  }

  /** Checks one request for {@code key} against {@code limits}, counting it when admitted. */
  public RateDecision decide(String key, LimitSet limits) {
    long[] tats = states.get(key);
    if (tats == null) {
      if (states.size() >= maxKeys) {
        sweep();
        if (states.size() >= maxKeys) {
          full.increment();
          return RateDecision.unlimited(limits.size());
        }
      }
      tats = states.computeIfAbsent(key, k -> fresh(limits.size()));
    }
    if (tats.length != limits.size()) {
      // The key's limits changed with a reload (another number of limits): start it afresh.
      long[] replacement = fresh(limits.size());
      states.put(key, replacement);
      tats = replacement;
    }
    synchronized (tats) {
      return Gcra.decide(limits, tats, clock.getAsLong());
    }
  }

  /** Forgets every key whose limits have fully recovered; one sweep at a time. */
  public void sweep() {
    if (!sweeping.compareAndSet(false, true)) {
      return;
    }
    try {
      long now = clock.getAsLong();
      Iterator<Map.Entry<String, long[]>> it = states.entrySet().iterator();
      while (it.hasNext()) {
        long[] tats = it.next().getValue();
        synchronized (tats) {
          if (Gcra.recovered(tats, now)) {
            it.remove();
          }
        }
      }
    } finally {
      sweeping.set(false);
    }
  }

  /** Keys currently kept. */
  public int size() {
    return states.size();
  }

  /** Requests admitted uncounted because the store was full of active keys. */
  public long fullCount() {
    return full.sum();
  }

  private static long[] fresh(int limits) {
    long[] tats = new long[limits];
    Arrays.fill(tats, Long.MIN_VALUE);
    return tats;
  }
}
