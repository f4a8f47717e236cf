package dev.portico.gateway.upstream;

import dev.portico.config.model.Locality;
import dev.portico.config.model.Upstream;
import dev.portico.gateway.snapshot.UpstreamEndpoint;
import dev.portico.traffic.BalancerPreview;
import dev.portico.traffic.EndpointLoad;
import dev.portico.traffic.GeoPoint;
import dev.portico.traffic.LocalityPlan;
import dev.portico.traffic.OutlierDetector;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses endpoints for one upstream from its current health: active checks (when configured) and
 * passive ejections. Without locality, health is applied per request; with locality, the plan of
 * priority levels is rebuilt whenever health changes (an endpoint turns healthy or unhealthy, is
 * ejected, or its ejection ends) — off the decision itself, at most one rebuild at a time.
 * Thread-safe; a decision reads one volatile and allocates nothing on a request's first attempt.
 */
public final class EndpointPicker {

  private static final Logger log = LoggerFactory.getLogger("portico.upstream");

  private final String upstreamName;
  private final Upstream upstream;
  private final List<UpstreamEndpoint> endpoints;
  private final EndpointLoad[] loads;
  private final OutlierDetector<UpstreamEndpoint> outliers;
  private final Locality gatewayLocality;
  private final Map<String, GeoPoint> coordinates;
  private final Clock clock;
  private final Predicate<UpstreamEndpoint> usable = this::usable;
  private final AtomicBoolean rebuilding = new AtomicBoolean();
  private final LongAdder ejections = new LongAdder();
  private volatile Predicate<UpstreamEndpoint> activeHealth = endpoint -> true;
  private volatile EndpointChooser chooser;

  /** Plans seen from callers' regions (only regions that have endpoints), built on first use. */
  private volatile java.util.concurrent.ConcurrentHashMap<String, EndpointChooser> byRegion =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final java.util.Set<String> regions;
  private volatile long rebuildAtMillis = Long.MAX_VALUE;

  /**
   * @param loads per endpoint index, for least-request (null otherwise)
   * @param outliers passive outlier detection, or null when off
   */
  public EndpointPicker(
      String upstreamName,
      Upstream upstream,
      List<UpstreamEndpoint> endpoints,
      EndpointLoad[] loads,
      OutlierDetector<UpstreamEndpoint> outliers,
      Locality gatewayLocality,
      Map<String, GeoPoint> coordinates,
      Clock clock) {
    this.upstreamName = upstreamName;
    this.upstream = upstream;
    this.endpoints = endpoints.stream().filter(e -> e.weight() > 0).toList();
    this.loads = loads;
    this.outliers = outliers;
    this.gatewayLocality = gatewayLocality;
    this.coordinates = coordinates;
    this.clock = clock;
    this.regions =
        this.endpoints.stream()
            .map(e -> e.endpoint().region())
            .filter(java.util.Objects::nonNull)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    this.chooser = build();
  }

  /** Null while the upstream has no endpoint with weight (a DNS name that resolves to none). */
  private EndpointChooser build() {
    return endpoints.isEmpty()
        ? null
        : EndpointChooser.build(upstream, endpoints, loads, gatewayLocality, coordinates, usable);
  }

  /**
   * See {@link dev.portico.gateway.snapshot.UpstreamGroup#choose}; null when the upstream has no
   * endpoints at all.
   */
  public UpstreamEndpoint choose(long keyHash, Set<Integer> alreadyTried) {
    return choose(keyHash, alreadyTried, null);
  }

  /**
   * As {@link #choose(long, Set)}, with locality seen from {@code callerRegion} when it is a region
   * some endpoint is in (null or another region: from the gateway's locality).
   */
  public UpstreamEndpoint choose(long keyHash, Set<Integer> alreadyTried, String callerRegion) {
    if (clock.millis() >= rebuildAtMillis) {
      rebuild();
    }
    EndpointChooser current = chooserFor(callerRegion);
    if (current == null) {
      return null;
    }
    if (alreadyTried.isEmpty()) {
      UpstreamEndpoint chosen = current.choose(keyHash, usable);
      return chosen != null ? chosen : current.anyOf(keyHash, endpoint -> true);
    }
    UpstreamEndpoint chosen =
        current.choose(keyHash, e -> !alreadyTried.contains(e.index()) && usable(e));
    if (chosen == null) {
      chosen = current.anyOf(keyHash, e -> !alreadyTried.contains(e.index()));
    }
    return chosen != null ? chosen : current.anyOf(keyHash, endpoint -> true);
  }

  /**
   * One tier of a preview.
   *
   * @param name which endpoints: a locality level ("same zone (eu-west-1a)"), panic mode, all
   *     endpoints, or the last resort when none is healthy
   * @param share the share of requests the tier takes, in {@code (0, 1]}
   * @param choice what the tier's balancer would answer
   */
  public record TierPreview(String name, double share, BalancerPreview<UpstreamEndpoint> choice) {}

  /**
   * What {@link #choose} would answer for a request's first attempt, without choosing: the tiers
   * that take requests with their shares and candidates (after health, ejections and locality);
   * when no endpoint is usable, the last resort (any endpoint). Empty when the upstream has no
   * endpoints. Side-effect free: no rotation step, no random draw, no load, no plan rebuilt or
   * cached (a stale plan is rebuilt for the preview alone). Like every health read (the Upstreams
   * page too), it may end an outlier ejection whose time is up; that changes nothing a request
   * would not see.
   *
   * @param keyed whether {@code keyHash} is the request's own key (hashing balancers then name the
   *     endpoint)
   */
  public List<TierPreview> preview(long keyHash, boolean keyed, String callerRegion) {
    boolean stale = clock.millis() >= rebuildAtMillis;
    EndpointChooser own = stale ? build() : chooser;
    if (own == null) {
      return List.of();
    }
    EndpointChooser current = own;
    if (regional(callerRegion, own)) {
      current = stale ? null : byRegion.get(callerRegion);
      if (current == null) {
        current =
            EndpointChooser.build(
                upstream, endpoints, loads, gatewayLocality, coordinates, callerRegion, usable);
      }
    }
    List<TierPreview> tiers = current.preview(keyHash, keyed, usable);
    if (tiers.stream().allMatch(tier -> tier.choice().candidates().isEmpty())) {
      return List.of(
          new TierPreview(
              "any endpoint (none is usable: health is ignored as a last resort)",
              1.0,
              current.anyOfPreview(keyHash, keyed, endpoint -> true)));
    }
    return tiers;
  }

  private boolean regional(String callerRegion, EndpointChooser own) {
    return callerRegion != null
        && own != null
        && own.plan() != null
        && regions.contains(callerRegion)
        && !callerRegion.equals(gatewayLocality.region());
  }

  private EndpointChooser chooserFor(String callerRegion) {
    EndpointChooser own = chooser;
    if (!regional(callerRegion, own)) {
      return own;
    }
    return byRegion.computeIfAbsent(
        callerRegion,
        region ->
            EndpointChooser.build(
                upstream, endpoints, loads, gatewayLocality, coordinates, region, usable));
  }

  /** Healthy by the active checks and not ejected. */
  public boolean usable(UpstreamEndpoint endpoint) {
    return activeHealth.test(endpoint) && (outliers == null || !outliers.isEjected(endpoint));
  }

  /** Whether {@code endpoint} is ejected by outlier detection now. */
  public boolean ejected(UpstreamEndpoint endpoint) {
    return outliers != null && outliers.isEjected(endpoint);
  }

  /** Records the outcome of one attempt for outlier detection; may eject the endpoint. */
  public void report(UpstreamEndpoint endpoint, OutlierDetector.Outcome outcome) {
    if (outliers == null) {
      return;
    }
    boolean before = outliers.isEjected(endpoint);
    outliers.report(endpoint, outcome);
    if (!before && outliers.isEjected(endpoint)) {
      ejections.increment();
      Instant until = outliers.status(endpoint).ejectedUntil();
      log.warn(
          "Upstream '{}': endpoint {} ejected until {} after repeated {}",
          upstreamName,
          endpoint,
          until,
          outcome == OutlierDetector.Outcome.CONNECT_FAILURE
              ? "connect failures"
              : "5xx responses");
      rebuild();
    }
  }

  /**
   * Sets what the active health checks say (called by the health checker) and rebuilds the plan.
   */
  public void activeHealth(Predicate<UpstreamEndpoint> healthy) {
    this.activeHealth = healthy;
    rebuild();
  }

  /** Rebuilds the plan from the current health (after a health transition). */
  public void rebuild() {
    if (upstream.locality() == null || gatewayLocality == null) {
      // Without locality, health is applied per request: there is no plan to rebuild.
      return;
    }
    if (!rebuilding.compareAndSet(false, true)) {
      return;
    }
    try {
      long next = Long.MAX_VALUE;
      if (outliers != null) {
        for (UpstreamEndpoint endpoint : endpoints) {
          Instant until = outliers.status(endpoint).ejectedUntil();
          if (until != null) {
            next = Math.min(next, until.toEpochMilli());
          }
        }
      }
      rebuildAtMillis = next;
      chooser = build();
      byRegion = new java.util.concurrent.ConcurrentHashMap<>();
    } finally {
      rebuilding.set(false);
    }
  }

  /** The current locality plan, or null without locality. */
  public LocalityPlan<UpstreamEndpoint> plan() {
    EndpointChooser current = chooser;
    return current == null ? null : current.plan();
  }

  /** Ejections since start. */
  public long ejections() {
    return ejections.sum();
  }
}
