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
    // Bearer tokens and split login-session cookies exceed the common 8KB header budget.
    p.put("server.max-http-request-header-size", "32KB");
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
    // Replaced by mesh.MeshRoutingFilter, which picks a mesh upstream's own client per attempt.
    p.put(SCG + "global-filter.netty-routing.enabled", "false");
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
