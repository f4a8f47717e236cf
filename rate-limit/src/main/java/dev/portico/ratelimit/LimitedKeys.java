package dev.portico.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The keys refused most often lately: two {@link SpaceSaving} summaries of fixed capacity, the
 * current window's and the previous one's, rotated every {@code window}, so {@link #top} describes
 * the last one to two windows and a key that stopped being refused drops out within two windows.
 *
 * <p>Recording never blocks: a refusal is queued (lock-free) and whoever finds the summary free
 * ({@code tryLock}) folds the queue in; a recorder that finds it busy leaves its key to the one
 * holding it or to the next. The queue is bounded; refusals beyond it are counted in {@link
 * #dropped} and not summarized. Memory is O(capacity + queue bound) whatever the number of keys.
 * Reading takes the lock (briefly: it waits at most for one fold of the queue), so call it off the
 * event loop. Thread-safe.
 */
public final class LimitedKeys {

  /** Refusals waiting to be folded in, at most. */
  static final int MAX_PENDING = 8_192;

  /**
   * A key of the last one or two windows.
   *
   * @param key the recorded key
   * @param count estimated refusals, never below the true count
   * @param error how much {@code count} may exceed the true count (0: exact)
   */
  public record Entry(String key, long count, long error) {}

  private final int capacity;
  private final long windowMillis;
  private final Clock clock;
  private final Queue<String> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pendingCount = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private final ReentrantLock lock = new ReentrantLock();
  private SpaceSaving current;
  private SpaceSaving previous;
  private long currentStart;

  /**
   * @param capacity counters per window (e.g. 128): keys refused more than 1/capacity of a window's
   *     refusals are always found
   * @param window how long one summary counts before it becomes the previous one
   */
  public LimitedKeys(int capacity, Duration window, Clock clock) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window " + window + " is not positive");
    }
    this.capacity = capacity;
    this.windowMillis = window.toMillis();
    this.clock = clock;
    this.current = new SpaceSaving(capacity);
    this.previous = new SpaceSaving(capacity);
    this.currentStart = clock.millis();
  }

  /** Counts one refusal of {@code key}; never blocks. */
  public void record(String key) {
    if (pendingCount.incrementAndGet() > MAX_PENDING) {
      pendingCount.decrementAndGet();
      dropped.increment();
    } else {
      pending.offer(key);
    }
    if (lock.tryLock()) {
      try {
        fold();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * The {@code n} keys with the most refusals over the current and the previous window, most first.
   */
  public List<Entry> top(int n) {
    lock.lock();
    try {
      fold();
      return merged(n);
    } finally {
      lock.unlock();
    }
  }

  /** Refusals not summarized because the queue was full (folding fell behind). */
  public long dropped() {
    return dropped.sum();
  }

  /** Counters per window. */
  public int capacity() {
    return capacity;
  }

  /** The length of one window. */
  public Duration window() {
    return Duration.ofMillis(windowMillis);
  }

  private void fold() {
    rotate();
    String key;
    while ((key = pending.poll()) != null) {
      pendingCount.decrementAndGet();
      current.offer(key);
    }
  }

  private void rotate() {
    long now = clock.millis();
    long elapsed = now - currentStart;
    if (elapsed < windowMillis) {
      return;
    }
    previous = elapsed < 2 * windowMillis ? current : new SpaceSaving(capacity);
    current = new SpaceSaving(capacity);
    currentStart = now - elapsed % windowMillis;
  }

  /**
   * Adds the two windows' counters. A key missing from a full summary may have been counted up to
   * that summary's smallest count there, so that bound is added to its count and to its error.
   */
  private List<Entry> merged(int n) {
    Map<String, Entry> byKey = new HashMap<>();
    for (SpaceSaving.Counter c : current.counters()) {
      SpaceSaving.Counter before = previous.counter(c.key());
      long extra = before == null ? previous.unmonitoredBound() : before.count();
      long extraError = before == null ? previous.unmonitoredBound() : before.error();
      byKey.put(c.key(), new Entry(c.key(), c.count() + extra, c.error() + extraError));
    }
    for (SpaceSaving.Counter c : previous.counters()) {
      if (!byKey.containsKey(c.key())) {
        long bound = current.unmonitoredBound();
        byKey.put(c.key(), new Entry(c.key(), c.count() + bound, c.error() + bound));
      }
    }
    List<Entry> out = new ArrayList<>(byKey.values());
    out.sort(Comparator.comparingLong(Entry::count).reversed().thenComparing(Entry::key));
    return List.copyOf(out.subList(0, Math.min(n, out.size())));
  }
}
