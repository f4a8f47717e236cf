package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import java.util.List;
import java.util.Map;

/** Settings of the gateway process. */
@Doc("Settings of the gateway process itself.")
public record GatewaySettings(
    @Doc("The public listener that takes client traffic. Changing it needs a restart.")
        @Default("{}")
        Listener listen,
    @Doc("The management listener (metrics, health, admin). Changing it needs a restart.")
        @Default("{}")
        ManagementListener management,
    @Doc("Where this gateway instance runs; used by locality-aware balancing.") Locality locality,
    @Doc(
            "Networks of proxies (load balancers, CDNs) whose X-Forwarded-For / Forwarded headers"
                + " are believed. Requests from other peers have those headers replaced.")
        List<Cidr> trustedProxies,
    @Doc("How each request is given an id for logs and traces.") @Default("{}")
        RequestIdSettings requestId,
    @Doc("One ECS JSON line per request, to stdout or a rolling file.") @Default("{}")
        AccessLogSettings accessLog,
    @Doc(
            "The connection pool to upstreams. Changing it needs a restart, except"
                + " connect-timeout, which applies at the next reload.")
        @Default("{}")
        UpstreamPool upstreamPool,
    @Doc("Values that apply to every route that does not set its own.") @Default("{}")
        RouteDefaults defaults,
    @Doc("Gateway-wide authentication settings: header stripping, token limits, sessions.")
        @Default("{}")
        AuthSettings auth,
    @Doc(
            "What a route without `auth` or `authorization` means: deny (the default) refuses to"
                + " load it unless it says `public: true`; allow lets anyone call it.")
        @Default("deny")
        DefaultPolicy defaultPolicy,
    @Doc("How request paths are normalized before routing and authorization.") @Default("{}")
        PathNormalization pathNormalization,
    @Doc("Gateway-wide rate-limiting settings.") @Default("{}") RateLimitSettings rateLimiting,
    @Doc("The caller's region from a trusted proxy's header, for locality-aware upstreams.")
        ClientLocality clientLocality,
    @Doc(
            "Region name → \"latitude,longitude\" in degrees, e.g. { eu-west: \"53.35,-6.26\" },"
                + " for upstreams whose locality fails over to the nearest regions first.")
        Map<String, String> regionCoordinates,
    @Doc(
            "Distributed tracing (W3C and B3 propagation, Zipkin or OTLP export). Only sampling"
                + " applies at reload; the rest needs a restart.")
        @Default("{}")
        TracingSettings tracing,
    @Doc(
            "The admin API and web console on the management port. Absent: both answer 404."
                + " Applies at the next reload.")
        AdminSettings admin) {

  public GatewaySettings {
    trustedProxies = Models.list(trustedProxies);
    regionCoordinates = Models.map(regionCoordinates);
  }
}
