package dev.portico.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The traffic plan of a {@link LocalityPolicy} for one health snapshot: the endpoints of each
 * priority level, the share of requests each level takes, and whether the plan is in panic mode.
 * Built off the request path; {@link #choose} is allocation-free. Immutable and thread-safe.
 */
public final class LocalityPlan<T> {

  private final List<List<T>> levels;
  private final double[] loads;
  private final double[] cumulative;
  private final Balancer<T>[] balancers;
  private final Balancer<T> everything;
  private final boolean panic;

  private LocalityPlan(
      List<List<T>> levels,
      double[] loads,
      Balancer<T>[] balancers,
      Balancer<T> everything,
      boolean panic) {
    this.levels = levels;
    this.loads = loads;
    this.balancers = balancers;
    this.everything = everything;
    this.panic = panic;
    this.cumulative = new double[loads.length];
    double sum = 0;
    for (int i = 0; i < loads.length; i++) {
      sum += loads[i];
      cumulative[i] = sum;
    }
  }

  @SuppressWarnings("unchecked")
  static <T> LocalityPlan<T> of(
      List<List<T>> all,
      List<List<T>> healthy,
      double[] loads,
      boolean panic,
      List<T> endpoints,
      Function<List<T>, Balancer<T>> balancerOf) {
    Balancer<T>[] balancers = new Balancer[all.size()];
    List<List<T>> levels = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      levels.add(List.copyOf(all.get(i)));
      if (!panic && !healthy.get(i).isEmpty()) {
        balancers[i] = balancerOf.apply(List.copyOf(healthy.get(i)));
      }
    }
    Balancer<T> everything = panic ? balancerOf.apply(List.copyOf(endpoints)) : null;
    return new LocalityPlan<>(List.copyOf(levels), loads.clone(), balancers, everything, panic);
  }

  /** Whether health is being ignored because too few endpoints are healthy. */
  public boolean panic() {
    return panic;
  }

  /** Number of priority levels. */
  public int levelCount() {
    return levels.size();
  }

  /** All endpoints of {@code level}, healthy or not. */
  public List<T> endpoints(int level) {
    return levels.get(level);
  }

  /** The share of requests {@code level} takes, in {@code [0, 1]} (0 for every level in panic). */
  public double load(int level) {
    return panic ? 0 : loads[level];
  }

  /**
   * The level a request with {@code u} (uniform in {@code [0, 1)}: random, or {@link
   * KeyHash#unitInterval} of the request key for stickiness) goes to; -1 in panic or when no level
   * has load.
   */
  public int level(double u) {
    if (panic) {
      return -1;
    }
    for (int i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) {
        return i;
      }
    }
    for (int i = cumulative.length - 1; i >= 0; i--) { // u beyond a rounded-down total
      if (loads[i] > 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The preview of one priority level: what its balancer would do and the share of requests it
   * takes.
   *
   * @param level the level, or -1 for the balancer over every endpoint in panic mode
   * @param load the share of requests the level takes, in {@code (0, 1]}
   * @param choice what the level's balancer would answer
   */
  public record LevelPreview<T>(int level, double load, BalancerPreview<T> choice) {}

  /**
   * What {@link #choose} would answer for a first attempt, without choosing: every level that takes
   * requests (with its share) and its balancer's preview; in panic, the balancer over all
   * endpoints. Which level serves is drawn per request by share, so with several levels only the
   * set is known. Empty when no level takes requests. Side-effect free.
   *
   * @param keyed whether {@code keyHash} is the request's own key (hashing balancers then give the
   *     endpoint itself)
   */
  public List<LevelPreview<T>> preview(
      long keyHash, boolean keyed, Predicate<? super T> acceptable) {
    if (panic) {
      return List.of(new LevelPreview<>(-1, 1.0, preview(everything, keyHash, keyed, acceptable)));
    }
    List<LevelPreview<T>> out = new ArrayList<>();
    for (int i = 0; i < balancers.length; i++) {
      if (loads[i] > 0 && balancers[i] != null) {
        out.add(new LevelPreview<>(i, loads[i], preview(balancers[i], keyHash, keyed, acceptable)));
      }
    }
    return List.copyOf(out);
  }

  private static <T> BalancerPreview<T> preview(
      Balancer<T> balancer, long keyHash, boolean keyed, Predicate<? super T> acceptable) {
    return keyed ? balancer.preview(keyHash, acceptable) : balancer.preview(acceptable);
  }

  /**
   * The endpoint for one attempt: the balancer of level {@link #level(double) level(u)} over that
   * level's healthy endpoints; when it has nothing acceptable (a retry that tried them all), the
   * other levels with healthy endpoints in priority order, even those without load, so a retry
   * leaves the region rather than fails. In panic, the balancer over all endpoints. {@code null}
   * when nothing is acceptable.
   *
   * @param acceptable e.g. "not yet tried by this request"; health is already in the plan
   */
  public T choose(double u, long keyHash, Predicate<? super T> acceptable) {
    if (panic) {
      return everything.choose(keyHash, acceptable);
    }
    int first = level(u);
    if (first < 0) {
      return null;
    }
    T chosen = balancers[first].choose(keyHash, acceptable);
    for (int i = 0; chosen == null && i < balancers.length; i++) {
      if (i != first && balancers[i] != null) {
        chosen = balancers[i].choose(keyHash, acceptable);
      }
    }
    return chosen;
  }
}
