package dev.portico.gateway.upstream;

import dev.portico.config.model.BalancerSettings;
import dev.portico.config.model.Locality;
import dev.portico.config.model.Upstream;
import dev.portico.config.model.UpstreamLocality;
import dev.portico.gateway.snapshot.UpstreamEndpoint;
import dev.portico.traffic.Balancer;
import dev.portico.traffic.BalancerPreview;
import dev.portico.traffic.EndpointLoad;
import dev.portico.traffic.GeoPoint;
import dev.portico.traffic.LocalityPlan;
import dev.portico.traffic.LocalityPolicy;
import dev.portico.traffic.MaglevTable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The balancing of one upstream for one health snapshot: without locality, the configured balancer
 * over all endpoints (health is applied per request); with locality, a {@link LocalityPlan} whose
 * levels each have their own balancer over their healthy endpoints. Immutable; rebuilt off the
 * request path when health changes.
 */
final class EndpointChooser {

  /** The name of a preview tier that is not a locality level. */
  static final String ALL_ENDPOINTS = "all endpoints";

  private final Balancer<UpstreamEndpoint> all;
  private final LocalityPlan<UpstreamEndpoint> plan;
  private final List<String> levelNames;

  private EndpointChooser(
      Balancer<UpstreamEndpoint> all,
      LocalityPlan<UpstreamEndpoint> plan,
      List<String> levelNames) {
    this.all = all;
    this.plan = plan;
    this.levelNames = levelNames;
  }

  /**
   * @param loads per endpoint index, for least-request (null otherwise)
   * @param healthy the endpoints that count as healthy now (used only with locality)
   */
  static EndpointChooser build(
      Upstream upstream,
      List<UpstreamEndpoint> endpoints,
      EndpointLoad[] loads,
      Locality gatewayLocality,
      Map<String, GeoPoint> coordinates,
      Predicate<UpstreamEndpoint> healthy) {
    return build(upstream, endpoints, loads, gatewayLocality, coordinates, null, healthy);
  }

  /**
   * The plan as seen from {@code callerRegion} (null: from the gateway): the caller's region first,
   * then the gateway's region, then the configured failover regions.
   */
  static EndpointChooser build(
      Upstream upstream,
      List<UpstreamEndpoint> endpoints,
      EndpointLoad[] loads,
      Locality gatewayLocality,
      Map<String, GeoPoint> coordinates,
      String callerRegion,
      Predicate<UpstreamEndpoint> healthy) {
    BalancerSettings settings = upstream.balancer();
    Balancer<UpstreamEndpoint> all = balancer(settings, endpoints, loads);
    UpstreamLocality locality = upstream.locality();
    if (locality == null || gatewayLocality == null) {
      return new EndpointChooser(all, null, List.of());
    }
    String region = gatewayLocality.region();
    String zone = gatewayLocality.zone();
    List<String> failover =
        locality.failoverByDistance()
            ? LocalityPolicy.failoverByDistance(region, coordinates)
            : locality.failover();
    if (callerRegion != null
        && !callerRegion.equals(region)
        && locality.failoverByDistance()
        && coordinates.containsKey(callerRegion)) {
      failover = LocalityPolicy.failoverByDistance(callerRegion, coordinates);
      region = callerRegion;
      zone = null;
    } else if (callerRegion != null && !callerRegion.equals(region)) {
      List<String> order = new java.util.ArrayList<>();
      order.add(region);
      failover.stream().filter(r -> !r.equals(callerRegion)).forEach(order::add);
      failover = order;
      region = callerRegion;
      zone = null;
    }
    LocalityPolicy policy =
        new LocalityPolicy(
            region,
            zone,
            failover,
            locality.overprovisioning() / 100.0,
            locality.panicThreshold() / 100.0);
    LocalityPlan<UpstreamEndpoint> plan =
        policy.plan(
            endpoints,
            e -> e.endpoint().region(),
            e -> e.endpoint().zone(),
            healthy,
            level -> balancer(settings, level, loads));
    return new EndpointChooser(all, plan, levelNames(region, zone, failover));
  }

  /** Names of the locality levels, for previews: zone, region, each failover region, the rest. */
  private static List<String> levelNames(String region, String zone, List<String> failover) {
    List<String> names = new java.util.ArrayList<>();
    names.add("same zone (" + (zone == null ? "none known" : zone) + ")");
    names.add("same region (" + region + ")");
    for (int i = 0; i < failover.size(); i++) {
      names.add("failover " + (i + 1) + " (" + failover.get(i) + ")");
    }
    names.add("other regions");
    return List.copyOf(names);
  }

  static Balancer<UpstreamEndpoint> balancer(
      BalancerSettings settings, List<UpstreamEndpoint> endpoints, EndpointLoad[] loads) {
    return switch (settings.type()) {
      case ROUND_ROBIN -> Balancer.roundRobin(endpoints, UpstreamEndpoint::weight);
      case RANDOM -> Balancer.random(endpoints, UpstreamEndpoint::weight);
      case LEAST_REQUEST ->
          Balancer.leastRequest(
              endpoints, UpstreamEndpoint::weight, e -> loads[e.index()], settings.latencyAware());
      case MAGLEV ->
          Balancer.maglev(
              MaglevTable.build(
                  endpoints,
                  UpstreamEndpoint::toString,
                  UpstreamEndpoint::weight,
                  settings.tableSize()));
    };
  }

  /**
   * The endpoint for one attempt among those {@code acceptable} accepts (healthy, not ejected, not
   * tried); null when there is none.
   */
  UpstreamEndpoint choose(long keyHash, Predicate<UpstreamEndpoint> acceptable) {
    if (plan != null) {
      return plan.choose(ThreadLocalRandom.current().nextDouble(), keyHash, acceptable);
    }
    return all.choose(keyHash, acceptable);
  }

  /** Any endpoint {@code acceptable} accepts, ignoring locality (the last resort). */
  UpstreamEndpoint anyOf(long keyHash, Predicate<UpstreamEndpoint> acceptable) {
    return all.choose(keyHash, acceptable);
  }

  /**
   * What {@link #choose} would answer for a first attempt, without choosing: each tier that takes
   * requests (a locality level, panic mode, or all endpoints without locality) with its share and
   * its balancer's preview. Side-effect free.
   *
   * @param keyed whether {@code keyHash} is the request's own key
   */
  List<EndpointPicker.TierPreview> preview(
      long keyHash, boolean keyed, Predicate<UpstreamEndpoint> acceptable) {
    if (plan == null) {
      return List.of(
          new EndpointPicker.TierPreview(
              ALL_ENDPOINTS, 1.0, preview(all, keyHash, keyed, acceptable)));
    }
    return plan.preview(keyHash, keyed, acceptable).stream()
        .map(
            level ->
                new EndpointPicker.TierPreview(
                    level.level() < 0
                        ? "every endpoint (panic mode: too few are healthy, health is ignored)"
                        : levelNames.get(level.level()),
                    level.load(),
                    level.choice()))
        .toList();
  }

  /** The last resort's preview: any endpoint {@code acceptable} accepts, ignoring locality. */
  BalancerPreview<UpstreamEndpoint> anyOfPreview(
      long keyHash, boolean keyed, Predicate<UpstreamEndpoint> acceptable) {
    return preview(all, keyHash, keyed, acceptable);
  }

  private static BalancerPreview<UpstreamEndpoint> preview(
      Balancer<UpstreamEndpoint> balancer,
      long keyHash,
      boolean keyed,
      Predicate<UpstreamEndpoint> acceptable) {
    return keyed ? balancer.preview(keyHash, acceptable) : balancer.preview(acceptable);
  }

  /** The plan, or null without locality (for the console and metrics). */
  LocalityPlan<UpstreamEndpoint> plan() {
    return plan;
  }
}
