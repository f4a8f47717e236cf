package dev.portico.traffic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Locality-aware priority levels in the manner of Envoy. Relative to the gateway's region and zone,
 * endpoints fall into levels: 0 = same zone, 1 = same region in another zone, 2.. = the failover
 * regions in the order given, last = everything else (including endpoints without a region).
 *
 * <p>{@link #plan} turns a health snapshot into an immutable {@link LocalityPlan}: each level's
 * health is {@code min(1, healthyShare × overprovisioningFactor)}; level 0 takes as much traffic as
 * its health, the next level the deficit up to its own health, and so on; when the levels' health
 * adds up to less than 1, the loads are scaled up in proportion (Envoy's priority load). When the
 * healthy share of all endpoints together is below the panic threshold, the plan ignores health and
 * spreads traffic over every endpoint (so a mass failure of health checks does not concentrate all
 * traffic on the few survivors). Shares count endpoints, not weights. Immutable and thread-safe.
 */
public final class LocalityPolicy {

  /** Envoy's default: a level at 72% health or more still takes all of its traffic. */
  public static final double DEFAULT_OVERPROVISIONING_FACTOR = 1.4;

  /** Envoy's default panic threshold: below 50% healthy overall, health is ignored. */
  public static final double DEFAULT_PANIC_THRESHOLD = 0.5;

  private final String region;
  private final String zone;
  private final List<String> failoverRegions;
  private final double overprovisioningFactor;
  private final double panicThreshold;

  /** A policy with Envoy's default overprovisioning factor and panic threshold. */
  public LocalityPolicy(String region, String zone, List<String> failoverRegions) {
    this(region, zone, failoverRegions, DEFAULT_OVERPROVISIONING_FACTOR, DEFAULT_PANIC_THRESHOLD);
  }

  /**
   * @param region the gateway's (or caller's) region; {@code null} when unknown (levels 0 and 1
   *     stay empty)
   * @param zone its zone; {@code null} when unknown (level 0 stays empty)
   * @param failoverRegions other regions in the order to spill into (see {@link
   *     #failoverByDistance} for an order by distance)
   * @param overprovisioningFactor at least 1
   * @param panicThreshold in {@code [0, 1]}; 0 disables panic mode
   * @throws IllegalArgumentException naming the out-of-range value or the repeated region
   */
  public LocalityPolicy(
      String region,
      String zone,
      List<String> failoverRegions,
      double overprovisioningFactor,
      double panicThreshold) {
    if (!(overprovisioningFactor >= 1)) {
      throw new IllegalArgumentException(
          "overprovisioning factor " + overprovisioningFactor + " is below 1 (Envoy uses 1.4)");
    }
    if (!(panicThreshold >= 0 && panicThreshold <= 1)) {
      throw new IllegalArgumentException(
          "panic threshold " + panicThreshold + " is not in [0, 1] (e.g. 0.5 for 50%)");
    }
    if (failoverRegions.stream().distinct().count() != failoverRegions.size()
        || failoverRegions.contains(region)) {
      throw new IllegalArgumentException(
          "failover regions " + failoverRegions + " repeat a region or contain our own " + region);
    }
    this.region = region;
    this.zone = zone;
    this.failoverRegions = List.copyOf(failoverRegions);
    this.overprovisioningFactor = overprovisioningFactor;
    this.panicThreshold = panicThreshold;
  }

  /**
   * The other regions of {@code coordinates} nearest first (great-circle distance from {@code
   * region}; ties by name), for use as {@code failoverRegions}.
   *
   * @throws IllegalArgumentException if {@code region} has no coordinates
   */
  public static List<String> failoverByDistance(String region, Map<String, GeoPoint> coordinates) {
    GeoPoint origin = coordinates.get(region);
    if (origin == null) {
      throw new IllegalArgumentException(
          "region '" + region + "' has no coordinates (known: " + coordinates.keySet() + ")");
    }
    List<String> others = new ArrayList<>(coordinates.keySet());
    others.remove(region);
    others.sort(
        Comparator.comparingDouble((String r) -> origin.distanceKm(coordinates.get(r)))
            .thenComparing(Comparator.naturalOrder()));
    return List.copyOf(others);
  }

  /** Number of levels: same zone, same region, each failover region, everything else. */
  public int levelCount() {
    return failoverRegions.size() + 3;
  }

  /** The level of an endpoint in {@code endpointRegion} / {@code endpointZone}. */
  public int levelOf(String endpointRegion, String endpointZone) {
    if (endpointRegion != null && endpointRegion.equals(region)) {
      return zone != null && zone.equals(endpointZone) ? 0 : 1;
    }
    int failover = endpointRegion == null ? -1 : failoverRegions.indexOf(endpointRegion);
    return failover >= 0 ? 2 + failover : levelCount() - 1;
  }

  /**
   * The plan for one health snapshot: call again whenever health or the endpoints change.
   *
   * @param healthy read once per endpoint, here
   * @param balancerOf builds the balancer of one level's healthy endpoints (and, for panic mode, of
   *     all endpoints); called with non-empty lists only
   */
  public <T> LocalityPlan<T> plan(
      List<T> endpoints,
      Function<? super T, String> regionOf,
      Function<? super T, String> zoneOf,
      Predicate<? super T> healthy,
      Function<List<T>, Balancer<T>> balancerOf) {
    int levels = levelCount();
    List<List<T>> all = new ArrayList<>();
    List<List<T>> up = new ArrayList<>();
    for (int i = 0; i < levels; i++) {
      all.add(new ArrayList<>());
      up.add(new ArrayList<>());
    }
    int healthyCount = 0;
    for (T endpoint : endpoints) {
      int level = levelOf(regionOf.apply(endpoint), zoneOf.apply(endpoint));
      all.get(level).add(endpoint);
      if (healthy.test(endpoint)) {
        up.get(level).add(endpoint);
        healthyCount++;
      }
    }
    double[] shares = new double[levels];
    for (int i = 0; i < levels; i++) {
      shares[i] = all.get(i).isEmpty() ? 0 : up.get(i).size() / (double) all.get(i).size();
    }
    boolean panic = !endpoints.isEmpty() && healthyCount < panicThreshold * endpoints.size();
    return LocalityPlan.of(
        all, up, priorityLoads(shares, overprovisioningFactor), panic, endpoints, balancerOf);
  }

  /**
   * Envoy's priority load: level {@code i} gets {@code min(remaining, health_i / normalized)} with
   * {@code health_i = min(1, share_i × factor)} and {@code normalized = min(1, Σ health)}.
   */
  static double[] priorityLoads(double[] healthyShares, double overprovisioningFactor) {
    double[] health = new double[healthyShares.length];
    double total = 0;
    for (int i = 0; i < health.length; i++) {
      health[i] = Math.min(1.0, healthyShares[i] * overprovisioningFactor);
      total += health[i];
    }
    double normalized = Math.min(1.0, total);
    double[] loads = new double[health.length];
    double remaining = 1.0;
    for (int i = 0; i < loads.length && normalized > 0; i++) {
      loads[i] = Math.max(0, Math.min(remaining, health[i] / normalized));
      remaining -= loads[i];
    }
    return loads;
  }

  @Override
  public String toString() {
    return "LocalityPolicy["
        + Objects.toString(region)
        + "/"
        + zone
        + " → "
        + failoverRegions
        + "]";
  }
}
