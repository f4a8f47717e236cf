package dev.portico.config.model;

import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Required;
import java.util.Map;

/** Where a caller is, from a header set by a trusted proxy (a CDN or load balancer). */
@Doc(
    "The caller's region, from a header a trusted proxy sets (e.g. a CDN's viewer-country header):"
        + " locality-aware upstreams then prefer endpoints in the caller's region. Requests not"
        + " from gateway.trusted-proxies, or without the header, use the gateway's own locality.")
public record ClientLocality(
    @Doc("Header carrying the caller's country or region, e.g. CloudFront-Viewer-Country.")
        @Required
        String header,
    @Doc(
            "Header value → region, e.g. { US: us-east, DE: eu-west }. Without it the value is the"
                + " region name itself. Values not listed use the gateway's locality.")
        Map<String, String> regions) {

  public ClientLocality {
    regions = Models.map(regions);
  }
}
