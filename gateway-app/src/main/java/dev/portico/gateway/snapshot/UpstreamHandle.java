package dev.portico.gateway.snapshot;

import dev.portico.config.model.Locality;
import dev.portico.config.model.Upstream;
import dev.portico.gateway.discovery.DnsWatch;
import dev.portico.gateway.mesh.MeshTransport;

/**
 * The current group of one upstream, as routes see it, and the upstream's mesh transport (kept for
 * the handle's life, shared by the groups discovery makes). For listed endpoints the group never
 * changes; with DNS discovery it is replaced (off the request path) whenever the answer changes,
 * and a request uses the group it read first. Thread-safe.
 */
public final class UpstreamHandle {

  private final String name;
  private final Upstream config;
  private final Locality locality;
  private volatile UpstreamGroup current;
  private volatile DnsWatch watch;
  private volatile boolean closed;
  private final MeshTransport mesh;

  UpstreamHandle(
      String name, Upstream config, Locality locality, UpstreamGroup initial, MeshTransport mesh) {
    this.name = name;
    this.mesh = mesh;
    this.config = config;
    this.locality = locality;
    this.current = initial;
  }

  public String name() {
    return name;
  }

  /** How requests enter the service mesh, or null. */
  MeshTransport mesh() {
    return mesh;
  }

  /** The group requests use now. */
  public UpstreamGroup get() {
    return current;
  }

  /** The configuration as written (for discovery: without the discovered endpoints). */
  Upstream config() {
    return config;
  }

  /** Whether this handle was built from exactly these settings (and may be kept on reload). */
  boolean builtFrom(Upstream upstream, Locality gatewayLocality) {
    return config.equals(upstream) && java.util.Objects.equals(locality, gatewayLocality);
  }

  /** Replaces the group; returns the one replaced. */
  UpstreamGroup replace(UpstreamGroup next) {
    UpstreamGroup previous = current;
    current = next;
    return previous;
  }

  /** Whether the handle was retired (a reload replaced or removed its upstream). */
  boolean closed() {
    return closed;
  }

  void watch(DnsWatch dnsWatch) {
    this.watch = dnsWatch;
  }

  /** The DNS watch, or null for listed endpoints. */
  public DnsWatch watch() {
    return watch;
  }

  /** Stops discovery and the current group's health checks. */
  void close() {
    closed = true;
    DnsWatch current = watch;
    if (current != null) {
      current.close();
    }
    get().close();
    if (mesh != null) {
      mesh.close();
    }
  }
}
