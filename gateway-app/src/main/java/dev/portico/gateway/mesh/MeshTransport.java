package dev.portico.gateway.mesh;

import dev.portico.config.mesh.SvidException;
import dev.portico.config.model.MeshSidecar;
import dev.portico.config.model.ServiceMesh;
import dev.portico.config.model.UpstreamMesh;
import dev.portico.config.model.UpstreamPool;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.function.UnaryOperator;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * How one upstream's requests enter the service mesh, compiled from its {@code mesh} block once per
 * upstream configuration. Portico's balancing, affinity and outlier detection still choose the
 * endpoint; this only decides how the connection to it is made and how the request is addressed.
 * Thread-safe.
 */
public abstract sealed class MeshTransport implements AutoCloseable {

  /** The header Linkerd's proxy routes on; never taken from a client. */
  public static final String LINKERD_OVERRIDE = "l5d-dst-override";

  private final String upstream;

  private MeshTransport(String upstream) {
    this.upstream = upstream;
  }

  /**
   * Compiles {@code mesh}; for mtls reads the SVID now (blocking: call it off the event loop).
   *
   * @param pool the connection settings of Portico's upstream pools, for the mtls pool
   * @param live whether to poll the SVID files for rotations (false for CLI commands)
   * @throws IllegalStateException when the SVID files cannot be used
   */
  public static MeshTransport of(
      String upstream, UpstreamMesh mesh, UpstreamPool pool, MeterRegistry meters, boolean live) {
    if (mesh.sidecar() != null) {
      return new Sidecar(upstream, mesh.sidecar());
    }
    try {
      RotatingSvid svid = RotatingSvid.load(upstream, mesh.mtls(), meters);
      if (live) {
        svid.start(Schedulers.boundedElastic());
      }
      return new Mtls(upstream, svid, pool);
    } catch (SvidException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "upstream '" + upstream + "': cannot use the SVID files: " + e.getMessage(), e);
    }
  }

  public String upstream() {
    return upstream;
  }

  /**
   * The client for one attempt to {@code endpoint}.
   *
   * @param shared Spring Cloud Gateway's client, with the route's connect timeout
   */
  public abstract HttpClient client(HttpClient shared, URI endpoint);

  /** What the active health checks of this upstream apply to their client before each check. */
  public abstract UnaryOperator<HttpClient> healthChecks();

  /** Registers the transport's meters, once; after a replaced upstream's meters were removed. */
  public void registerMeters() {}

  /** Whether Portico itself makes the TLS connection (mtls). */
  public abstract boolean originatesTls();

  @Override
  public abstract void close();

  static int port(URI endpoint) {
    if (endpoint.getPort() > 0) {
      return endpoint.getPort();
    }
    return "https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80;
  }

  /** SPIFFE mTLS from Portico, on a pool of its own. */
  static final class Mtls extends MeshTransport {
    private final RotatingSvid svid;
    private final ConnectionProvider pool;
    private final HttpClient base;

    Mtls(String upstream, RotatingSvid svid, UpstreamPool settings) {
      super(upstream);
      this.svid = svid;
      // Connections are keyed by address and TLS settings: each SVID generation has its own, so
      // a rotation never hands a request a connection made with another SVID.
      this.pool =
          ConnectionProvider.builder("portico-mesh-" + upstream)
              .maxConnections(settings.maxConnections())
              .pendingAcquireTimeout(settings.pendingAcquireTimeout())
              .maxIdleTime(settings.maxIdleTime())
              .maxLifeTime(settings.maxLifeTime())
              .evictInBackground(settings.maxIdleTime())
              .build();
      this.base =
          HttpClient.create(pool)
              .option(
                  ChannelOption.CONNECT_TIMEOUT_MILLIS,
                  (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
    }

    RotatingSvid svid() {
      return svid;
    }

    @Override
    public HttpClient client(HttpClient shared, URI endpoint) {
      return base.secure(svid.current().ssl());
    }

    @Override
    public void registerMeters() {
      svid.registerMeters();
    }

    @Override
    public UnaryOperator<HttpClient> healthChecks() {
      return client -> client.secure(svid.current().ssl());
    }

    @Override
    public boolean originatesTls() {
      return true;
    }

    @Override
    public void close() {
      svid.close();
      pool.disposeLater().subscribe();
    }
  }

  /** Plain HTTP through the local sidecar, addressed to the Kubernetes service. */
  static final class Sidecar extends MeshTransport {
    private final MeshSidecar sidecar;

    Sidecar(String upstream, MeshSidecar sidecar) {
      super(upstream);
      this.sidecar = sidecar;
    }

    @Override
    public HttpClient client(HttpClient shared, URI endpoint) {
      String authority = sidecar.authority(port(endpoint));
      if (sidecar.mesh() == ServiceMesh.ISTIO) {
        return shared.doOnRequest(
            (request, connection) -> request.requestHeaders().set(HttpHeaderNames.HOST, authority));
      }
      return shared.doOnRequest(
          (request, connection) -> request.requestHeaders().set(LINKERD_OVERRIDE, authority));
    }

    @Override
    public UnaryOperator<HttpClient> healthChecks() {
      return UnaryOperator.identity();
    }

    @Override
    public boolean originatesTls() {
      return false;
    }

    @Override
    public void close() {}
  }
}
