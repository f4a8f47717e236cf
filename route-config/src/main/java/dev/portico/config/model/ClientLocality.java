package dev.portico.config.model;

import dev.portico.config.schema.Doc;
import java.util.Map;

/** Where a caller is, from a header set by a trusted proxy (a CDN or load balancer). */
@Doc(
    "The caller's region, from a header a trusted proxy sets (e.g. a CDN's viewer-country header)"
        + " or a table of networks: locality-aware upstreams then prefer endpoints in the caller's"
        + " region. Callers of unknown region use the gateway's own locality.")
public record ClientLocality(
    @Doc(
            "Header carrying the caller's country or region, e.g. CloudFront-Viewer-Country;"
                + " believed only from trusted proxies.")
        String header,
    @Doc(
            "Header value → region, e.g. { US: us-east, DE: eu-west }. Without it the value is the"
                + " region name itself. Values not listed use the gateway's locality.")
        Map<String, String> regions,
    @Doc(
            "A file of 'network region' lines (203.0.113.0/24 us-east): the region of the client"
                + " address (after trusted proxies) when the header gives none. Read at load and"
                + " reload.")
        String cidrFile) {

  public ClientLocality {
    regions = Models.map(regions);
  }
}
