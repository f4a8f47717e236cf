package dev.portico.ratelimit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Space-Saving stream summary (Metwally, Agrawal, El Abbadi, ICDT 2005) over at most {@code
 * capacity} counters: a key already counted is incremented; a new key takes a free counter, or else
 * replaces the key with the smallest count and inherits that count as its error. O(log k) per
 * update (an indexed min-heap) and O(k) memory whatever the number of distinct keys.
 *
 * <p>Guarantees, with N the total counted: every estimate is at least the key's true count and at
 * most true count + error, and error ≤ the smallest count ≤ N / capacity; so every key counted more
 * than N / capacity times is in the summary. Not thread-safe: {@link LimitedKeys} serializes.
 */
final class SpaceSaving {

  /** A counted key: {@code count - error ≤ true count ≤ count}. */
  record Counter(String key, long count, long error) {}

  private final int capacity;
  private final String[] keys;
  private final long[] counts;
  private final long[] errors;
  private final Map<String, Integer> slots;
  private int size;
  private long total;

  SpaceSaving(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity + " is not positive");
    }
    this.capacity = capacity;
    this.keys = new String[capacity];
    this.counts = new long[capacity];
    this.errors = new long[capacity];
    this.slots = new HashMap<>(capacity * 2);
  }

  /** Counts one occurrence of {@code key}. */
  void offer(String key) {
    total++;
    Integer slot = slots.get(key);
    if (slot != null) {
      counts[slot]++;
      siftDown(slot);
    } else if (size < capacity) {
      keys[size] = key;
      counts[size] = 1;
      errors[size] = 0;
      slots.put(key, size);
      siftUp(size++);
    } else {
      slots.remove(keys[0]);
      keys[0] = key;
      errors[0] = counts[0];
      counts[0]++;
      slots.put(key, 0);
      siftDown(0);
    }
  }

  /** The counter of {@code key}, or null when it is not in the summary. */
  Counter counter(String key) {
    Integer slot = slots.get(key);
    return slot == null ? null : new Counter(key, counts[slot], errors[slot]);
  }

  /**
   * The most a key that is not in the summary can have been counted: the smallest count once the
   * summary is full, 0 before (every key seen so far is then in it, exactly).
   */
  long unmonitoredBound() {
    return size < capacity ? 0 : counts[0];
  }

  /** Every counter, highest count first. */
  List<Counter> counters() {
    List<Counter> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(new Counter(keys[i], counts[i], errors[i]));
    }
    out.sort(Comparator.comparingLong(Counter::count).reversed().thenComparing(Counter::key));
    return out;
  }

  /** Keys in the summary (at most the capacity). */
  int size() {
    return size;
  }

  /** Occurrences counted. */
  long total() {
    return total;
  }

  private void siftUp(int slot) {
    while (slot > 0) {
      int parent = (slot - 1) / 2;
      if (counts[parent] <= counts[slot]) {
        return;
      }
      swap(slot, parent);
      slot = parent;
    }
  }

  private void siftDown(int slot) {
    while (true) {
      int smallest = slot;
      int left = 2 * slot + 1;
      int right = left + 1;
      if (left < size && counts[left] < counts[smallest]) {
        smallest = left;
      }
      if (right < size && counts[right] < counts[smallest]) {
        smallest = right;
      }
      if (smallest == slot) {
        return;
      }
      swap(slot, smallest);
      slot = smallest;
    }
  }

  private void swap(int a, int b) {
    String key = keys[a];
    long count = counts[a];
    long error = errors[a];
    keys[a] = keys[b];
    counts[a] = counts[b];
    errors[a] = errors[b];
    keys[b] = key;
    counts[b] = count;
    errors[b] = error;
    slots.put(keys[a], a);
    slots.put(keys[b], b);
  }
}
