package dev.portico.gateway.snapshot;

import dev.portico.config.model.DnsDiscovery;
import dev.portico.config.model.Endpoint;
import dev.portico.config.model.Locality;
import dev.portico.config.model.PorticoConfig;
import dev.portico.config.model.RegionCoordinates;
import dev.portico.config.model.Upstream;
import dev.portico.config.model.UpstreamPool;
import dev.portico.gateway.discovery.DiscoveredEndpoint;
import dev.portico.gateway.discovery.DnsTarget;
import dev.portico.gateway.discovery.DnsWatch;
import dev.portico.gateway.mesh.MeshTransport;
import dev.portico.traffic.GeoPoint;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstreams of the running gateway. A reload keeps the handle (and group) of every upstream
 * whose settings did not change — with its ejections, loads, health and retry budget — and builds
 * new ones for the rest. An upstream with DNS discovery starts with no endpoints and gets a new
 * group each time the DNS answer changes (state of endpoints that stay is not carried over).
 * Thread-safe.
 */
final class UpstreamRegistry implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger("portico.upstream");

  private final Clock clock;
  private final MeterRegistry meters;
  private final boolean live;
  private final byte[] processSecret = new byte[32];
  private final Map<UpstreamGroup, UpstreamMetrics> metrics = new HashMap<>();
  private final Map<UpstreamHandle, List<Meter>> discoveryMeters = new HashMap<>();
  private Map<String, UpstreamHandle> handles = Map.of();
  private Map<String, GeoPoint> coordinates = Map.of();
  private Map<String, GeoPoint> keptCoordinates = Map.of();
  private dev.portico.gateway.discovery.DnsDiscovery dns;

  /**
   * @param live whether upstreams run active health checks and DNS discovery (false for CLI
   *     commands)
   */
  UpstreamRegistry(Clock clock, MeterRegistry meters, boolean live) {
    this.clock = clock;
    this.meters = meters;
    this.live = live;
    new SecureRandom().nextBytes(processSecret);
  }

  /** The handles for {@code config}, reusing unchanged ones. */
  synchronized Map<String, UpstreamHandle> forConfig(PorticoConfig config) {
    Locality locality = config.gateway().locality();
    coordinates = coordinates(config.gateway().regionCoordinates());
    Map<String, UpstreamHandle> next = new LinkedHashMap<>();
    config
        .upstreams()
        .forEach(
            (name, upstream) -> {
              UpstreamHandle kept = handles.get(name);
              next.put(
                  name,
                  kept != null
                          && kept.builtFrom(upstream, locality)
                          && coordinates.equals(keptCoordinates)
                      ? kept
                      : create(name, upstream, locality, config.gateway().upstreamPool()));
            });
    for (UpstreamHandle old : handles.values()) {
      if (!next.containsValue(old)) {
        forget(old.get());
        List<Meter> dnsMeters = discoveryMeters.remove(old);
        if (dnsMeters != null) {
          dnsMeters.forEach(meters::remove);
        }
        old.close();
      }
    }
    // Registered after the old groups' meters are gone: a meter with the same name and tags would
    // otherwise stay bound to the old group.
    next.values()
        .forEach(
            handle -> {
              register(handle.get());
              if (handle.mesh() != null) {
                handle.mesh().registerMeters();
              }
            });
    handles = Map.copyOf(next);
    keptCoordinates = coordinates;
    return handles;
  }

  private UpstreamHandle create(
      String name, Upstream upstream, Locality locality, UpstreamPool pool) {
    MeshTransport mesh =
        upstream.mesh() == null
            ? null
            : MeshTransport.of(name, upstream.mesh(), pool, meters, live);
    if (upstream.discovery() == null) {
      return new UpstreamHandle(
          name, upstream, locality, group(name, upstream, locality, mesh), mesh);
    }
    UpstreamHandle handle =
        new UpstreamHandle(
            name,
            upstream,
            locality,
            group(name, withEndpoints(upstream, List.of()), locality, mesh),
            mesh);
    if (live) {
      DnsWatch watch =
          dns()
              .start(
                  target(upstream.discovery()),
                  found -> discovered(handle, upstream, locality, found));
      handle.watch(watch);
      discoveryMeters.put(handle, discoveryMeters(name, watch));
    }
    return handle;
  }

  /** A DNS answer changed: the upstream gets a group over the new endpoints. */
  private synchronized void discovered(
      UpstreamHandle handle, Upstream upstream, Locality locality, List<DiscoveredEndpoint> found) {
    if (handle.closed()) {
      return;
    }
    List<DiscoveredEndpoint> usable = DiscoveredEndpoint.lowestPriority(found);
    List<Endpoint> endpoints =
        usable.stream()
            .map(
                e ->
                    new Endpoint(
                        e.uri(),
                        Math.min(10_000, e.balancerWeight()),
                        upstream.discovery().zone(),
                        upstream.discovery().region()))
            .toList();
    UpstreamGroup next =
        group(handle.name(), withEndpoints(upstream, endpoints), locality, handle.get().mesh());
    UpstreamGroup previous = handle.replace(next);
    forget(previous);
    previous.close();
    register(next);
    log.info(
        "Upstream '{}': DNS {} now gives {} endpoint(s): {}",
        handle.name(),
        upstream.discovery().name(),
        endpoints.size(),
        usable.stream().map(DiscoveredEndpoint::id).toList());
  }

  /**
   * {@code portico_upstream_dns_failures_total{upstream}} (failed refreshes; the last good answer
   * stays) and {@code portico_upstream_dns_endpoints{upstream}} (endpoints in the current answer).
   */
  private List<Meter> discoveryMeters(String upstream, DnsWatch watch) {
    return List.of(
        FunctionCounter.builder("portico.upstream.dns.failures", watch, DnsWatch::failures)
            .description("DNS refreshes of the upstream's name that failed (last answer kept)")
            .tag("upstream", upstream)
            .register(meters),
        Gauge.builder("portico.upstream.dns.endpoints", watch, w -> w.endpoints().size())
            .description("Endpoints in the upstream's current DNS answer")
            .tag("upstream", upstream)
            .register(meters));
  }

  private static Map<String, GeoPoint> coordinates(Map<String, String> written) {
    Map<String, GeoPoint> points = new HashMap<>();
    written.forEach(
        (region, text) -> {
          RegionCoordinates position = RegionCoordinates.parse(text);
          points.put(region, new GeoPoint(position.latitude(), position.longitude()));
        });
    return Map.copyOf(points);
  }

  private static Upstream withEndpoints(Upstream upstream, List<Endpoint> endpoints) {
    return new Upstream(
        endpoints,
        null,
        upstream.balancer(),
        upstream.stickyCookie(),
        upstream.locality(),
        upstream.healthCheck(),
        upstream.outlierDetection(),
        upstream.retryBudget(),
        upstream.protocol(),
        upstream.mesh());
  }

  private static DnsTarget target(DnsDiscovery discovery) {
    DnsTarget.Type type = DnsTarget.Type.valueOf(discovery.type().name().toUpperCase(Locale.ROOT));
    return new DnsTarget(
        discovery.name(),
        type,
        discovery.port() == null ? 0 : discovery.port(),
        discovery.scheme(),
        discovery.minRefresh(),
        discovery.maxRefresh(),
        discovery.nameServers());
  }

  private dev.portico.gateway.discovery.DnsDiscovery dns() {
    if (dns == null) {
      dns =
          dev.portico.gateway.discovery.DnsDiscovery.create(
              clock, dev.portico.gateway.discovery.DnsDiscovery.DEFAULT_QUERY_TIMEOUT);
    }
    return dns;
  }

  private UpstreamGroup group(
      String name, Upstream upstream, Locality locality, MeshTransport mesh) {
    return new UpstreamGroup(
        name, upstream, locality, coordinates, clock, processSecret, live ? meters : null, mesh);
  }

  private void register(UpstreamGroup group) {
    metrics.computeIfAbsent(group, g -> new UpstreamMetrics(meters, g));
  }

  private void forget(UpstreamGroup group) {
    UpstreamMetrics meters = metrics.remove(group);
    if (meters != null) {
      meters.remove();
    }
  }

  /** Stops every upstream's discovery and health checks. */
  @Override
  public synchronized void close() {
    handles.values().forEach(UpstreamHandle::close);
    if (dns != null) {
      dns.close();
    }
  }
}
