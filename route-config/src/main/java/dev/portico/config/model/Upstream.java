package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import java.util.List;

/** A named group of endpoints. */
@Doc("A named group of endpoints that serve the same API.")
public record Upstream(
    @Doc(
            "The endpoints; requests are spread over them by weight. Required unless the"
                + " endpoints come from discovery.")
        List<Endpoint> endpoints,
    @Doc("Endpoints from DNS instead of a list; excludes endpoints.") DnsDiscovery discovery,
    @Doc("How requests are spread over the endpoints; round-robin by weight by default.")
        @Default("{}")
        BalancerSettings balancer,
    @Doc("Session affinity by cookie, on top of the balancer.") StickyCookie stickyCookie,
    @Doc(
            "Locality-aware routing by the endpoints' region and zone; needs gateway.locality."
                + " Without it, every endpoint is equal.")
        UpstreamLocality locality,
    @Doc("Active health checks; none when left out (endpoints count as healthy).")
        HealthCheck healthCheck,
    @Doc("Passive outlier detection; on by default.") @Default("{}")
        OutlierDetection outlierDetection,
    @Doc("Cap on retries to this upstream.") @Default("{}") RetryBudgetSettings retryBudget,
    @Doc(
            "HTTP version spoken to the endpoints: http1, or h2c (HTTP/2 over cleartext with prior"
                + " knowledge, for gRPC servers; needs http:// endpoints).")
        @Default("http1")
        UpstreamProtocol protocol,
    @Doc("Hands requests into a service mesh (SPIFFE mTLS or an Istio/Linkerd sidecar).")
        UpstreamMesh mesh) {

  public Upstream {
    endpoints = Models.list(endpoints);
  }
}
