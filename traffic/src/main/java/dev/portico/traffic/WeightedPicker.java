package dev.portico.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * Weighted random draws over a fixed list: Vose's alias table for the O(1) draw, and an exact O(n)
 * weighted draw among the acceptable items when two alias draws in a row were rejected (so shares
 * stay proportional to weight even when a heavy item is unhealthy). Immutable.
 */
final class WeightedPicker<T> {

  private static final int ALIAS_ATTEMPTS = 2;

  private final List<T> items;
  private final int[] weights;
  private final double[] probability;
  private final int[] alias;

  WeightedPicker(List<T> endpoints, ToIntFunction<? super T> weightOf) {
    List<T> positive = new ArrayList<>();
    List<Integer> positiveWeights = new ArrayList<>();
    for (T endpoint : endpoints) {
      int weight = weightOf.applyAsInt(endpoint);
      if (weight > 0) {
        positive.add(endpoint);
        positiveWeights.add(weight);
      }
    }
    if (positive.isEmpty()) {
      throw new IllegalArgumentException("at least one endpoint needs a positive weight");
    }
    this.items = List.copyOf(positive);
    this.weights = positiveWeights.stream().mapToInt(Integer::intValue).toArray();
    this.probability = new double[weights.length];
    this.alias = new int[weights.length];
    buildAliasTable();
  }

  /** Vose's alias method: every column holds probability mass 1/n of at most two items. */
  private void buildAliasTable() {
    int n = weights.length;
    long total = 0;
    for (int w : weights) {
      total += w;
    }
    double[] scaled = new double[n];
    int[] small = new int[n];
    int[] large = new int[n];
    int smallCount = 0;
    int largeCount = 0;
    for (int i = 0; i < n; i++) {
      scaled[i] = (double) weights[i] * n / total;
      if (scaled[i] < 1.0) {
        small[smallCount++] = i;
      } else {
        large[largeCount++] = i;
      }
    }
    while (smallCount > 0 && largeCount > 0) {
      int less = small[--smallCount];
      int more = large[--largeCount];
      probability[less] = scaled[less];
      alias[less] = more;
      scaled[more] = scaled[more] + scaled[less] - 1.0;
      if (scaled[more] < 1.0) {
        small[smallCount++] = more;
      } else {
        large[largeCount++] = more;
      }
    }
    while (largeCount > 0) {
      probability[large[--largeCount]] = 1.0;
    }
    while (smallCount > 0) { // only rounding leftovers
      probability[small[--smallCount]] = 1.0;
    }
  }

  List<T> items() {
    return items;
  }

  T item(int index) {
    return items.get(index);
  }

  int weight(int index) {
    return weights[index];
  }

  int size() {
    return weights.length;
  }

  /**
   * The index of an item drawn by weight among those {@code acceptable} accepts, other than {@code
   * excluded} (-1 for none); -1 when there is none.
   */
  int pick(RandomGenerator random, Predicate<? super T> acceptable, int excluded) {
    for (int attempt = 0; attempt < ALIAS_ATTEMPTS; attempt++) {
      int column = random.nextInt(weights.length);
      int index = random.nextDouble() < probability[column] ? column : alias[column];
      if (index != excluded && acceptable.test(items.get(index))) {
        return index;
      }
    }
    return exactPick(random, acceptable, excluded);
  }

  private int exactPick(RandomGenerator random, Predicate<? super T> acceptable, int excluded) {
    long sum = 0;
    for (int i = 0; i < weights.length; i++) {
      if (i != excluded && acceptable.test(items.get(i))) {
        sum += weights[i];
      }
    }
    if (sum == 0) {
      return -1;
    }
    long target = random.nextLong(sum);
    int last = -1;
    for (int i = 0; i < weights.length; i++) {
      if (i != excluded && acceptable.test(items.get(i))) {
        last = i;
        target -= weights[i];
        if (target < 0) {
          return i;
        }
      }
    }
    return last; // the predicate changed its mind between the two passes
  }
}
