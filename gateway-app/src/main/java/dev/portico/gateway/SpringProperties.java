package dev.portico.gateway;

import dev.portico.config.model.GatewaySettings;
import dev.portico.config.model.PorticoConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Spring Boot and Spring Cloud Gateway properties that follow from the YAML file. They are
 * defaults: command-line {@code --server.port=…} style arguments still override them (tests do).
 */
final class SpringProperties {

  private static final String SCG = "spring.cloud.gateway.server.webflux.";

  private SpringProperties() {}

  static Map<String, Object> from(PorticoConfig config) {
    GatewaySettings gateway = config.gateway();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.application.name", "portico");
    p.put("spring.main.banner-mode", "off");
    p.put("spring.jmx.enabled", "false");
    p.put("spring.web.resources.add-mappings", "false");
    p.put("server.port", gateway.listen().port());
    p.put("server.address", gateway.listen().address());
    p.put("server.shutdown", "graceful");
    // Without TLS, Spring Boot serves HTTP/1.1 and h2c (prior knowledge or Upgrade) on the port.
    p.put("server.http2.enabled", gateway.listen().http2());
    var limits = gateway.listen().limits();
    p.put("server.max-http-request-header-size", limits.maxHeaderSize().bytes() + "B");
    p.put("server.netty.max-initial-line-length", limits.maxRequestLine().bytes() + "B");
    p.put("server.netty.idle-timeout", limits.idleTimeout().toMillis() + "ms");
    p.put("spring.lifecycle.timeout-per-shutdown-phase", "20s");
    p.put("management.server.port", gateway.management().port());
    p.put("management.server.address", gateway.management().address());
    p.put("management.endpoints.web.exposure.include", "health,info,prometheus,metrics");
    p.put("management.endpoint.health.probes.enabled", "true");
    p.put("management.endpoint.health.show-details", "never");
    // Readiness also waits for the issuers' first key fetch (metrics.JwksReadinessIndicator).
    p.put("management.endpoint.health.group.readiness.include", "readinessState,jwksReadiness");
    p.put("management.endpoint.health.group.liveness.include", "livenessState");

    var pool = gateway.upstreamPool();
    p.put(SCG + "httpclient.connect-timeout", pool.connectTimeout().toMillis());
    p.put(SCG + "httpclient.pool.type", "FIXED");
    // reactor.netty.connection.provider.* gauges per pool (tags: pool name, id, remote address);
    // the per-URI HTTP client metrics stay off, their uri tag is unbounded.
    p.put(SCG + "httpclient.pool.metrics", "true");
    p.put(SCG + "httpclient.pool.max-connections", pool.maxConnections());
    p.put(SCG + "httpclient.pool.acquire-timeout", pool.pendingAcquireTimeout().toMillis());
    p.put(SCG + "httpclient.pool.max-idle-time", pool.maxIdleTime().toMillis() + "ms");
    p.put(SCG + "httpclient.pool.max-life-time", pool.maxLifeTime().toMillis() + "ms");
    p.put(
        SCG + "httpclient.pool.eviction-interval",
        Math.max(250, pool.maxIdleTime().toMillis() / 2) + "ms");

    // Portico routes through its own index and filters; these Spring Cloud Gateway pieces would
    // only repeat work or bypass Portico's rules.
    p.put(SCG + "global-filter.route-to-request-url.enabled", "false");
    p.put(SCG + "global-filter.forward-routing.enabled", "false");
    p.put(SCG + "global-filter.forward-path.enabled", "false");
    // protocol.ProtocolWiring puts PorticoRoutingFilter (a client per upstream: h2c, mesh mTLS) in
    // its place, and
    // the response writer that this switch turns off with it.
    p.put(SCG + "global-filter.netty-routing.enabled", "false");
    // Portico proxies gRPC as it is; Spring Cloud Gateway's JSON-to-gRPC filter would, with grpc
    // jars on the class path, need grpc-netty and protobuf and fail the start without them.
    p.put(SCG + "filter.json-to-grpc.enabled", "false");
    p.put(SCG + "globalcors.enabled", "false");
    p.put(SCG + "metrics.enabled", "false");
    // Generic per-request observations cost more than the rest of the proxying path; Portico
    // records its own per-route metrics from pre-registered meters instead.
    p.put(SCG + "observability.enabled", "false");
    p.put("management.observations.enable.http.server.requests", "false");
    p.put("management.observations.enable.http.client.requests", "false");
    p.put(SCG + "x-forwarded.enabled", "false");
    p.put(SCG + "forwarded.enabled", "false");
    return p;
  }
}
