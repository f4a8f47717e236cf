package dev.portico.gateway.protocol;

import dev.portico.config.model.UpstreamProtocol;
import dev.portico.gateway.filter.UpstreamAttempt;
import dev.portico.gateway.mesh.MeshTransport;
import dev.portico.gateway.snapshot.UpstreamEndpoint;
import dev.portico.gateway.snapshot.UpstreamGroup;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/**
 * Chooses the HTTP client of an upstream attempt by the upstream's {@code protocol} and {@code
 * mesh}: HTTP/1.1 upstreams use the gateway's shared client, {@code h2c} upstreams a copy of it
 * that speaks HTTP/2 with prior knowledge, and a mesh upstream its mesh client (its own mTLS pool,
 * or the client addressed for the sidecar). Both share the connection pool settings (timeouts,
 * limits, metrics); reactor-netty keeps their connections in separate pools. Immutable and
 * thread-safe.
 */
public final class UpstreamClients {

  private final HttpClient h2c;

  /**
   * @param shared the gateway's HTTP/1.1 client, configured from gateway.upstream-pool
   */
  public UpstreamClients(HttpClient shared) {
    this.h2c = shared.protocol(HttpProtocol.H2C);
  }

  /**
   * The client for the exchange's current attempt: {@code fallback} unless the attempt's upstream
   * asks for another protocol.
   */
  public HttpClient forAttempt(ServerWebExchange exchange, HttpClient fallback) {
    UpstreamGroup upstream = UpstreamAttempt.upstream(exchange);
    if (upstream == null) {
      return fallback;
    }
    HttpClient client = upstream.config().protocol() == UpstreamProtocol.H2C ? h2c : fallback;
    MeshTransport mesh = upstream.mesh();
    UpstreamEndpoint endpoint = UpstreamAttempt.endpoint(exchange);
    return mesh == null || endpoint == null ? client : mesh.client(client, endpoint.url());
  }
}
