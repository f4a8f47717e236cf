package dev.portico.traffic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A weighted split of users over named buckets (stable / canary / blue / green upstreams), sticky
 * per user key.
 *
 * <p>The 64-bit hash space is laid out as consecutive ranges, one per bucket in bucket-name order,
 * each as wide as its share of the total weight; a user belongs to the bucket whose range holds the
 * mix of its key hash. Consequences: the split depends on names and weights only, not on the order
 * buckets are listed; between two buckets that are neighbours in name order (always so with two
 * buckets), a weight change moves exactly the users that must move and only in the direction of the
 * change (canary 10 → 20 of 100 moves 10% of users from stable to canary and none back). With three
 * or more buckets, moving weight between buckets that are not neighbours also shifts the ranges
 * between them; name buckets so that the ones you shift weight between sort next to each other.
 * Immutable, thread-safe, allocation-free per decision.
 */
public final class TrafficSplit<T> {

  private static final long SPLIT_SALT = 0x5472616666696353L; // "TrafficS"

  private final List<T> buckets;
  private final List<String> names;
  private final long[] cumulative;
  private final long total;

  private TrafficSplit(List<T> buckets, List<String> names, long[] cumulative, long total) {
    this.buckets = buckets;
    this.names = names;
    this.cumulative = cumulative;
    this.total = total;
  }

  /**
   * @param nameOf unique bucket name
   * @param weightOf relative weight, 0 for a bucket that only receives forced traffic
   * @throws IllegalArgumentException for duplicate or empty names, negative weights or a zero total
   */
  public static <T> TrafficSplit<T> of(
      List<T> buckets, Function<? super T, String> nameOf, ToIntFunction<? super T> weightOf) {
    List<T> sorted = new ArrayList<>(buckets);
    sorted.sort(Comparator.comparing(nameOf));
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    long[] cumulative = new long[sorted.size()];
    long total = 0;
    for (int i = 0; i < sorted.size(); i++) {
      String name = nameOf.apply(sorted.get(i));
      if (name == null || name.isEmpty() || !seen.add(name)) {
        throw new IllegalArgumentException(
            "traffic split: bucket name '" + name + "' is not unique");
      }
      int weight = weightOf.applyAsInt(sorted.get(i));
      if (weight < 0) {
        throw new IllegalArgumentException(
            "traffic split: bucket '" + name + "' has weight " + weight + " (expected ≥ 0)");
      }
      names.add(name);
      total += weight;
      cumulative[i] = total;
    }
    if (total == 0) {
      throw new IllegalArgumentException(
          "traffic split: at least one bucket needs a positive weight");
    }
    return new TrafficSplit<>(List.copyOf(sorted), List.copyOf(names), cumulative, total);
  }

  /**
   * The bucket of the user whose key hashes to {@code keyHash} ({@link KeyHash#hash}); a request
   * without a user key passes a random long.
   */
  public T choose(long keyHash) {
    long point = KeyHash.mix(keyHash ^ SPLIT_SALT);
    // floor(point × total / 2^64), point read as unsigned
    long position = Math.multiplyHigh(point, total) + ((point >> 63) & total);
    for (int i = 0; i < cumulative.length; i++) {
      if (position < cumulative[i]) {
        return buckets.get(i);
      }
    }
    return buckets.get(buckets.size() - 1);
  }

  /**
   * What {@link #choose} would answer, without choosing: the user's bucket when {@code keyed} (the
   * request has a user key), else one of the buckets with a positive weight. Pure.
   */
  public BalancerPreview<T> preview(long keyHash, boolean keyed) {
    if (keyed) {
      return BalancerPreview.exactly(choose(keyHash));
    }
    List<T> weighted = new ArrayList<>();
    for (int i = 0; i < cumulative.length; i++) {
      if (cumulative[i] > (i == 0 ? 0 : cumulative[i - 1])) {
        weighted.add(buckets.get(i));
      }
    }
    return BalancerPreview.oneOf(weighted, bucket -> true);
  }

  /** The bucket named {@code name} (a forcing header's value), or {@code null} when unknown. */
  public T forced(String name) {
    int index = names.indexOf(name);
    return index < 0 ? null : buckets.get(index);
  }

  /** The buckets in name order. */
  public List<T> buckets() {
    return buckets;
  }
}
