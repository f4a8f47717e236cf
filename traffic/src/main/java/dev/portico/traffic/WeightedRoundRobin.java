package dev.portico.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Smooth weighted round-robin (the nginx algorithm): over any window of {@code sum(weights)} picks,
 * each item is chosen in proportion to its weight, and the picks of a heavy item are spread out
 * rather than sent in a burst. The schedule is computed once at construction; {@link #next} is
 * lock-free and safe for concurrent use. Items with weight 0 are never chosen.
 */
public final class WeightedRoundRobin<T> {

  /** Longest schedule kept; larger weight sums are scaled down proportionally. */
  static final int MAX_SCHEDULE = 10_000;

  private final List<T> schedule;
  private final AtomicLong position = new AtomicLong();

  private WeightedRoundRobin(List<T> schedule) {
    this.schedule = schedule;
  }

  /**
   * Builds the schedule.
   *
   * @throws IllegalArgumentException if no item has a positive weight
   */
  public static <T> WeightedRoundRobin<T> of(List<T> items, ToIntFunction<T> weightOf) {
    int[] weights = scaledWeights(items, weightOf);
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    if (total == 0) {
      throw new IllegalArgumentException("at least one item needs a positive weight");
    }
    List<T> schedule = new ArrayList<>(total);
    int[] current = new int[weights.length];
    for (int pick = 0; pick < total; pick++) {
      int best = -1;
      for (int i = 0; i < weights.length; i++) {
        current[i] += weights[i];
        if (weights[i] > 0 && (best < 0 || current[i] > current[best])) {
          best = i;
        }
      }
      current[best] -= total;
      schedule.add(items.get(best));
    }
    return new WeightedRoundRobin<>(List.copyOf(schedule));
  }

  private static <T> int[] scaledWeights(List<T> items, ToIntFunction<T> weightOf) {
    int[] weights = new int[items.size()];
    long sum = 0;
    int gcd = 0;
    for (int i = 0; i < weights.length; i++) {
      weights[i] = Math.max(0, weightOf.applyAsInt(items.get(i)));
      sum += weights[i];
      gcd = gcd(gcd, weights[i]);
    }
    for (int i = 0; i < weights.length && gcd > 1; i++) {
      weights[i] /= gcd;
    }
    sum = gcd > 1 ? sum / gcd : sum;
    if (sum > MAX_SCHEDULE) {
      for (int i = 0; i < weights.length; i++) {
        if (weights[i] > 0) {
          weights[i] = (int) Math.max(1, weights[i] * MAX_SCHEDULE / sum);
        }
      }
    }
    return weights;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** The next item in the schedule. */
  public T next() {
    return schedule.get((int) Math.floorMod(position.getAndIncrement(), (long) schedule.size()));
  }

  /**
   * The next item that {@code acceptable} accepts, continuing the rotation; {@code null} when no
   * item in the schedule is acceptable.
   */
  public T next(Predicate<? super T> acceptable) {
    long start = position.getAndIncrement();
    for (int step = 0; step < schedule.size(); step++) {
      T candidate = schedule.get((int) Math.floorMod(start + step, (long) schedule.size()));
      if (acceptable.test(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Number of entries in one full rotation. */
  public int period() {
    return schedule.size();
  }
}
