package dev.portico.gateway.upstream;

import dev.portico.config.model.BalancerSettings;
import dev.portico.config.model.Locality;
import dev.portico.config.model.Upstream;
import dev.portico.config.model.UpstreamLocality;
import dev.portico.gateway.snapshot.UpstreamEndpoint;
import dev.portico.traffic.Balancer;
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

  private final Balancer<UpstreamEndpoint> all;
  private final LocalityPlan<UpstreamEndpoint> plan;

  private EndpointChooser(Balancer<UpstreamEndpoint> all, LocalityPlan<UpstreamEndpoint> plan) {
    this.all = all;
    this.plan = plan;
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
      return new EndpointChooser(all, null);
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
    return new EndpointChooser(all, plan);
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

  /** The plan, or null without locality (for the console and metrics). */
  LocalityPlan<UpstreamEndpoint> plan() {
    return plan;
  }
}
