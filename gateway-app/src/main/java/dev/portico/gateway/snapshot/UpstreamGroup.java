package dev.portico.gateway.snapshot;

import dev.portico.config.model.HealthCheck;
import dev.portico.config.model.InitialHealth;
import dev.portico.config.model.Locality;
import dev.portico.config.model.OutlierDetection;
import dev.portico.config.model.Upstream;
import dev.portico.gateway.health.ActiveHealthChecker;
import dev.portico.gateway.health.HealthCheckSettings;
import dev.portico.gateway.health.StatusRanges;
import dev.portico.gateway.mesh.MeshTransport;
import dev.portico.gateway.upstream.EndpointPicker;
import dev.portico.gateway.upstream.RequestHashKey;
import dev.portico.gateway.upstream.StickyCookies;
import dev.portico.traffic.EndpointLoad;
import dev.portico.traffic.GeoPoint;
import dev.portico.traffic.OutlierDetector;
import dev.portico.traffic.RetryBudget;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The endpoints of one upstream and everything that decides which of them an attempt goes to: the
 * balancer, locality, passive outlier detection, in-flight load and the retry budget. Built once
 * per upstream configuration and kept across reloads that leave the upstream unchanged (so are its
 * ejections and loads). Thread-safe; choosing is lock-free.
 */
public final class UpstreamGroup implements AutoCloseable {

  private final String name;
  private final Upstream config;
  private final List<UpstreamEndpoint> endpoints;
  private final RequestHashKey hashOn;
  private final EndpointLoad[] loads;
  private final OutlierDetector<UpstreamEndpoint> outliers;
  private final RetryBudget retryBudget;
  private final EndpointPicker picker;
  private final StickyCookies sticky;
  private final Locality gatewayLocality;
  private final ActiveHealthChecker health;
  private final MeshTransport mesh;

  /**
   * @param fallbackSecret the sticky-cookie key when the configuration has none (per process)
   * @param meters where the health checks' meters go, or null to run no active checks (CLI)
   * @param mesh how requests enter the service mesh, or null (owned by the upstream's handle)
   */
  UpstreamGroup(
      String name,
      Upstream upstream,
      Locality gatewayLocality,
      Map<String, GeoPoint> coordinates,
      Clock clock,
      byte[] fallbackSecret,
      MeterRegistry meters,
      MeshTransport mesh) {
    this.name = name;
    this.mesh = mesh;
    this.config = upstream;
    this.gatewayLocality = gatewayLocality;
    List<UpstreamEndpoint> list = new ArrayList<>();
    for (int i = 0; i < upstream.endpoints().size(); i++) {
      list.add(UpstreamEndpoint.of(i, upstream.endpoints().get(i)));
    }
    this.endpoints = List.copyOf(list);
    this.hashOn =
        upstream.balancer().hashOn() == null
            ? null
            : RequestHashKey.compile(upstream.balancer().hashOn());
    // Every balancer counts requests in flight per endpoint (least-request decides by them; for
    // the others the admin console shows them): an atomic increment and decrement per attempt.
    this.loads = new EndpointLoad[endpoints.size()];
    for (int i = 0; i < loads.length; i++) {
      loads[i] = new EndpointLoad();
    }
    OutlierDetection detection = upstream.outlierDetection();
    this.outliers =
        detection.enabled()
            ? new OutlierDetector<>(
                endpoints,
                new OutlierDetector.Settings(
                    detection.consecutive5xx(),
                    detection.consecutiveConnectFailures(),
                    detection.baseEjectionTime(),
                    detection.maxEjectionTime(),
                    detection.maxEjectionPercent()),
                clock)
            : null;
    this.retryBudget =
        new RetryBudget(upstream.retryBudget().percent(), upstream.retryBudget().minConcurrency());
    this.picker =
        new EndpointPicker(
            name, upstream, endpoints, loads, outliers, gatewayLocality, coordinates, clock);
    this.sticky =
        upstream.stickyCookie() == null
            ? null
            : new StickyCookies(name, upstream.stickyCookie(), endpoints, fallbackSecret);
    this.health =
        upstream.healthCheck() == null || meters == null
            ? null
            : startHealthChecks(upstream.healthCheck(), meters);
  }

  private ActiveHealthChecker startHealthChecks(HealthCheck check, MeterRegistry meters) {
    HealthCheckSettings settings =
        new HealthCheckSettings(
            check.path(),
            check.interval(),
            check.jitter(),
            check.timeout(),
            check.healthyThreshold(),
            check.unhealthyThreshold(),
            StatusRanges.parse(check.expectedStatuses()),
            check.host(),
            check.initially() == InitialHealth.HEALTHY);
    ActiveHealthChecker checker =
        ActiveHealthChecker.create(
            name,
            settings,
            meters,
            (id, status) -> picker.rebuild(),
            mesh == null ? UnaryOperator.identity() : mesh.healthChecks());
    Map<String, URI> targets = new LinkedHashMap<>();
    endpoints.forEach(endpoint -> targets.put(endpoint.toString(), endpoint.url()));
    checker.update(targets);
    picker.activeHealth(endpoint -> checker.isHealthy(endpoint.toString()));
    return checker;
  }

  /** The active health checks, or null when the upstream has none. */
  public ActiveHealthChecker health() {
    return health;
  }

  /** Stops the active health checks. */
  @Override
  public void close() {
    if (health != null) {
      health.close();
    }
  }

  /** Whether this group was built from exactly these settings (and may be kept on reload). */
  boolean builtFrom(Upstream upstream, Locality locality) {
    return config.equals(upstream) && java.util.Objects.equals(gatewayLocality, locality);
  }

  /** How requests enter the service mesh, or null when the upstream has no mesh block. */
  public MeshTransport mesh() {
    return mesh;
  }

  /** Session affinity, or null when the upstream has none. */
  public StickyCookies sticky() {
    return sticky;
  }

  public String name() {
    return name;
  }

  /** The configuration this group was built from. */
  public Upstream config() {
    return config;
  }

  public List<UpstreamEndpoint> endpoints() {
    return endpoints;
  }

  /** What the balancer hashes, or null when it hashes nothing. */
  public RequestHashKey hashOn() {
    return hashOn;
  }

  /**
   * The endpoint for the next attempt: one that is healthy, not ejected and not yet tried by this
   * request, chosen by the balancer (and locality); failing that, any untried endpoint; failing
   * that, any endpoint at all (a request that tried everything still gets an answer).
   */
  public UpstreamEndpoint choose(long keyHash, Set<Integer> alreadyTried) {
    return picker.choose(keyHash, alreadyTried, null);
  }

  /** As {@link #choose(long, Set)}, preferring endpoints in the caller's region when known. */
  public UpstreamEndpoint choose(long keyHash, Set<Integer> alreadyTried, String callerRegion) {
    return picker.choose(keyHash, alreadyTried, callerRegion);
  }

  /** The endpoint picker: health, ejections, locality plan. */
  public EndpointPicker picker() {
    return picker;
  }

  /** In-flight load of an endpoint (requests in flight and latency EWMA). */
  public EndpointLoad load(UpstreamEndpoint endpoint) {
    return loads[endpoint.index()];
  }

  /** Passive outlier detection, or null when it is off. */
  public OutlierDetector<UpstreamEndpoint> outliers() {
    return outliers;
  }

  public RetryBudget retryBudget() {
    return retryBudget;
  }
}
