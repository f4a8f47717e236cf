package dev.portico.traffic;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * Chooses the endpoint for one attempt of a request.
 *
 * <p>{@code acceptable} says which endpoints the attempt may use (typically: healthy, not ejected
 * and not yet tried by this request); a balancer never returns an endpoint it rejects and returns
 * {@code null} when it accepts none. Endpoints whose weight is 0 are never chosen. Every balancer
 * is immutable apart from its rotation position or the load it reads, safe for concurrent use, and
 * allocation-free per decision. Randomness comes from the {@code random} supplier, called once per
 * decision on the calling thread ({@link ThreadLocalRandom#current} unless one is given; tests pass
 * a seeded generator).
 *
 * @param <T> the endpoint type; the balancers only read it through the functions given here
 */
public interface Balancer<T> {

  /** An endpoint for a request without a hash key; {@code null} when none is acceptable. */
  T choose(Predicate<? super T> acceptable);

  /**
   * An endpoint for a request whose hash key (e.g. {@link KeyHash#hash} of a header or cookie) is
   * {@code keyHash}. Only hashing balancers ({@link #maglev}) use the key; the others ignore it.
   */
  default T choose(long keyHash, Predicate<? super T> acceptable) {
    return choose(acceptable);
  }

  /**
   * What {@link #choose(Predicate)} would answer, without choosing: the acceptable endpoints, one
   * of which a keyless request gets. Side-effect free (no rotation step, no random draw), so
   * previews never change later decisions.
   */
  default BalancerPreview<T> preview(Predicate<? super T> acceptable) {
    return BalancerPreview.oneOf(endpoints(), acceptable);
  }

  /**
   * What {@link #choose(long, Predicate)} would answer for a request whose hash key is {@code
   * keyHash}, without choosing: the endpoint itself for hashing balancers ({@link #maglev}), the
   * acceptable candidates for the others. Side-effect free.
   */
  default BalancerPreview<T> preview(long keyHash, Predicate<? super T> acceptable) {
    return preview(acceptable);
  }

  /**
   * The endpoints this balancer can choose (those with a positive weight), in input order (Maglev:
   * in id order).
   */
  List<T> endpoints();

  /**
   * Smooth weighted round-robin ({@link WeightedRoundRobin}).
   *
   * @throws IllegalArgumentException if no endpoint has a positive weight
   */
  static <T> Balancer<T> roundRobin(List<T> endpoints, ToIntFunction<? super T> weightOf) {
    return new RoundRobinBalancer<>(endpoints, weightOf);
  }

  /** Weighted random with {@link ThreadLocalRandom}. */
  static <T> Balancer<T> random(List<T> endpoints, ToIntFunction<? super T> weightOf) {
    return random(endpoints, weightOf, ThreadLocalRandom::current);
  }

  /**
   * Weighted random: each acceptable endpoint with probability weight / (sum of the acceptable
   * endpoints' weights), in O(1) when the first draw is acceptable (Vose's alias method).
   *
   * @throws IllegalArgumentException if no endpoint has a positive weight
   */
  static <T> Balancer<T> random(
      List<T> endpoints,
      ToIntFunction<? super T> weightOf,
      Supplier<? extends RandomGenerator> random) {
    return new RandomBalancer<>(new WeightedPicker<>(endpoints, weightOf), random);
  }

  /** Least-request with {@link ThreadLocalRandom}; see the full overload. */
  static <T> Balancer<T> leastRequest(
      List<T> endpoints,
      ToIntFunction<? super T> weightOf,
      Function<? super T, EndpointLoad> loadOf,
      boolean latencyAware) {
    return leastRequest(endpoints, weightOf, loadOf, latencyAware, ThreadLocalRandom::current);
  }

  /**
   * Least-request, power of two choices: draws two different acceptable endpoints by weight and
   * takes the one with the lower cost {@code (inFlight + 1) / weight}, multiplied, when {@code
   * latencyAware} and both have latency samples, by the endpoint's latency EWMA. {@code loadOf} is
   * read once per endpoint, here; the caller reports requests to the same {@link EndpointLoad}s.
   *
   * @throws IllegalArgumentException if no endpoint has a positive weight
   */
  static <T> Balancer<T> leastRequest(
      List<T> endpoints,
      ToIntFunction<? super T> weightOf,
      Function<? super T, EndpointLoad> loadOf,
      boolean latencyAware,
      Supplier<? extends RandomGenerator> random) {
    return new LeastRequestBalancer<>(
        new WeightedPicker<>(endpoints, weightOf), loadOf, latencyAware, random);
  }

  /** Consistent hashing over {@code table} with {@link ThreadLocalRandom} for keyless requests. */
  static <T> Balancer<T> maglev(MaglevTable<T> table) {
    return maglev(table, ThreadLocalRandom::current);
  }

  /**
   * Consistent hashing: {@link MaglevTable#lookup(long, Predicate)} of the key hash. A request
   * without a key gets a random hash from {@code random}, i.e. weighted random.
   */
  static <T> Balancer<T> maglev(MaglevTable<T> table, Supplier<? extends RandomGenerator> random) {
    return new MaglevBalancer<>(table, random);
  }
}
