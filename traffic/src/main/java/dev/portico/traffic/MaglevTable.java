package dev.portico.traffic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * A Maglev consistent-hashing lookup table (Eisenbud et al., NSDI 2016) with Envoy's weighted
 * population: each endpoint owns a share of the table's slots close to its share of the total
 * weight, and a key always maps to slot {@code (hash >>> 1) mod size}.
 *
 * <p>Guarantees: the table depends only on the endpoints' ids, weights and the table size, never on
 * the order of the input list, so every gateway replica builds the same table. When one endpoint of
 * N leaves, about 1/N of the keys move (plus a small Maglev-specific extra); keys of remaining
 * endpoints mostly stay. Each endpoint's permutation comes from two independent 64-bit hashes of
 * its id ({@link KeyHash}, two seeds). Immutable and safe for concurrent use; lookups are
 * allocation-free. Building costs O(size × log size) and {@code size} references of memory.
 */
public final class MaglevTable<T> {

  /**
   * Default table size (prime); keeps shares within ~1% of weights up to a few hundred endpoints.
   */
  public static final int DEFAULT_SIZE = 65_537;

  /** Largest accepted table size (Envoy's limit too). */
  public static final int MAX_SIZE = 5_000_011;

  /** Fallback probes by rehashing before the deterministic scan. */
  private static final int REHASH_PROBES = 8;

  private static final long OFFSET_SEED = 0x4D61676C65764F66L; // "MaglevOf"
  private static final long SKIP_SEED = 0x4D61676C65765369L; // "MaglevSi"
  private static final long PROBE_STEP = 0x9E3779B97F4A7C15L;

  private final Object[] entries;
  private final List<T> endpoints;

  private MaglevTable(Object[] entries, List<T> endpoints) {
    this.entries = entries;
    this.endpoints = endpoints;
  }

  /** A table of {@link #DEFAULT_SIZE} slots. */
  public static <T> MaglevTable<T> build(
      List<T> endpoints, Function<? super T, String> idOf, ToIntFunction<? super T> weightOf) {
    return build(endpoints, idOf, weightOf, DEFAULT_SIZE);
  }

  /**
   * Builds the table.
   *
   * @param idOf a stable name of the endpoint (e.g. {@code host:port} or a pod name), unique in the
   *     list; never a position, so that the table survives reordering
   * @param weightOf relative weight; endpoints with weight 0 get no slots
   * @param size a prime, at least the number of endpoints with a positive weight and at most {@link
   *     #MAX_SIZE}; for even shares, about 100 × the number of endpoints or more
   * @throws IllegalArgumentException naming the problem: size not prime, too small or too large; a
   *     duplicate or empty id; no endpoint with a positive weight
   */
  public static <T> MaglevTable<T> build(
      List<T> endpoints,
      Function<? super T, String> idOf,
      ToIntFunction<? super T> weightOf,
      int size) {
    validateSize(size);
    List<Candidate<T>> candidates = candidates(endpoints, idOf, weightOf, size);
    if (size < candidates.size()) {
      throw new IllegalArgumentException(
          "maglev table size "
              + size
              + " is smaller than the "
              + candidates.size()
              + " endpoints (expected at least 100 × the endpoint count)");
    }
    Object[] entries = populate(candidates, size);
    List<T> chosen = new ArrayList<>();
    for (Candidate<T> candidate : candidates) {
      chosen.add(candidate.endpoint);
    }
    return new MaglevTable<>(entries, List.copyOf(chosen));
  }

  private static <T> List<Candidate<T>> candidates(
      List<T> endpoints,
      Function<? super T, String> idOf,
      ToIntFunction<? super T> weightOf,
      int size) {
    List<Candidate<T>> candidates = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (T endpoint : endpoints) {
      String id = idOf.apply(endpoint);
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("maglev: endpoint " + endpoint + " has no id");
      }
      if (!ids.add(id)) {
        throw new IllegalArgumentException(
            "maglev: endpoint id '" + id + "' appears twice (ids must be unique)");
      }
      int weight = weightOf.applyAsInt(endpoint);
      if (weight > 0) {
        candidates.add(new Candidate<>(endpoint, id, weight, size));
      }
    }
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("maglev: at least one endpoint needs a positive weight");
    }
    candidates.sort(Comparator.comparing(c -> c.id));
    return candidates;
  }

  private static void validateSize(int size) {
    if (size < 2 || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "maglev table size "
              + size
              + " is out of range (expected a prime in 2.."
              + MAX_SIZE
              + ")");
    }
    if (!isPrime(size)) {
      throw new IllegalArgumentException(
          "maglev table size " + size + " is not prime (expected a prime such as 65537 or 131071)");
    }
  }

  static boolean isPrime(int n) {
    if (n < 2 || (n % 2 == 0 && n != 2)) {
      return false;
    }
    for (int d = 3; (long) d * d <= n; d += 2) {
      if (n % d == 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Envoy's weighted Maglev: in round {@code r}, an endpoint with weight {@code w} places its next
   * preferred free slot when {@code r × w} has reached its target, which then grows by the largest
   * weight; the heaviest endpoint places one slot per round, one of a third its weight one every
   * third round.
   */
  private static <T> Object[] populate(List<Candidate<T>> candidates, int size) {
    Object[] table = new Object[size];
    long maxWeight = 0;
    for (Candidate<T> candidate : candidates) {
      maxWeight = Math.max(maxWeight, candidate.weight);
    }
    int filled = 0;
    for (long round = 1; filled < size; round++) {
      for (int i = 0; i < candidates.size() && filled < size; i++) {
        Candidate<T> candidate = candidates.get(i);
        if (round * candidate.weight < candidate.target) {
          continue;
        }
        candidate.target += maxWeight;
        int slot = candidate.position;
        while (table[slot] != null) {
          slot = candidate.advance(slot, size);
        }
        table[slot] = candidate.endpoint;
        candidate.position = candidate.advance(slot, size);
        filled++;
      }
    }
    return table;
  }

  /** Number of slots. */
  public int size() {
    return entries.length;
  }

  /** The endpoints in the table (positive weight), sorted by id. */
  public List<T> endpoints() {
    return endpoints;
  }

  /** The endpoint owning slot {@code (hash >>> 1) mod size}. Allocation-free. */
  @SuppressWarnings("unchecked")
  public T lookup(long hash) {
    return (T) entries[slot(hash)];
  }

  /**
   * The endpoint for {@code hash} that {@code acceptable} accepts; {@code null} when it accepts
   * none. When the owner of the key's slot is not acceptable, the fallback is deterministic, so a
   * key keeps its backup: up to eight rehashed slots (spreading a failed endpoint's keys over the
   * others by weight), then the first acceptable endpoint in id order after a key-derived start.
   * Allocation-free.
   */
  public T lookup(long hash, Predicate<? super T> acceptable) {
    T owner = lookup(hash);
    if (acceptable.test(owner)) {
      return owner;
    }
    long probe = hash;
    for (int i = 0; i < REHASH_PROBES; i++) {
      probe = KeyHash.mix(probe + PROBE_STEP);
      T candidate = lookup(probe);
      if (candidate != owner && acceptable.test(candidate)) {
        return candidate;
      }
    }
    int count = endpoints.size();
    int start = (int) ((hash >>> 1) % count);
    for (int i = 0; i < count; i++) {
      T candidate = endpoints.get((start + i) % count);
      if (acceptable.test(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  T entry(int slot) {
    return (T) entries[slot];
  }

  private int slot(long hash) {
    return (int) ((hash >>> 1) % entries.length);
  }

  /** An endpoint's build state: its permutation (offset, skip) and its weighted-round target. */
  private static final class Candidate<T> {
    final T endpoint;
    final String id;
    final long weight;
    final int skip;
    int position;
    long target;

    Candidate(T endpoint, String id, int weight, int size) {
      this.endpoint = endpoint;
      this.id = id;
      this.weight = weight;
      this.position = (int) Long.remainderUnsigned(KeyHash.hash(id, OFFSET_SEED), size);
      this.skip = (int) Long.remainderUnsigned(KeyHash.hash(id, SKIP_SEED), size - 1) + 1;
    }

    int advance(int slot, int size) {
      int next = slot + skip;
      return next >= size ? next - size : next;
    }
  }
}
