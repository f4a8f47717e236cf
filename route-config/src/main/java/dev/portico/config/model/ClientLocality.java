package dev.portico.config.model;

import dev.portico.config.schema.Doc;
import java.util.Map;

/**
 * Where a caller is: from a header set by a trusted proxy (a CDN or load balancer), a table of
 * networks, or a MaxMind GeoIP2/GeoLite2 database, in that order.
 */
@Doc(
    "The caller's region, from a header a trusted proxy sets (e.g. a CDN's viewer-country header),"
        + " a table of networks or a MaxMind GeoIP2/GeoLite2 database: locality-aware upstreams"
        + " then prefer endpoints in the caller's region. Callers of unknown region use the"
        + " gateway's own locality.")
public record ClientLocality(
    @Doc(
            "Header carrying the caller's country or region, e.g. CloudFront-Viewer-Country;"
                + " believed only from trusted proxies.")
        String header,
    @Doc(
            "Header value or country code → region, e.g. { US: us-east, DE: eu-west }. Without it"
                + " the header's value is the region name itself. Values not listed use the"
                + " gateway's locality.")
        Map<String, String> regions,
    @Doc(
            "A file of 'network region' lines (203.0.113.0/24 us-east): the region of the client"
                + " address (after trusted proxies) when the header gives none. Read at load and"
                + " reload.")
        String cidrFile,
    @Doc(
            "A MaxMind DB file (GeoIP2/GeoLite2 Country or City): the client address's country,"
                + " mapped through regions, or else its continent, mapped through continents, when"
                + " neither the header nor the CIDR table places the caller. Read at load and"
                + " reload.")
        String geoipDatabase,
    @Doc(
            "Continent code (AF, AN, AS, EU, NA, OC, SA) → region for addresses the GeoIP database"
                + " places in a country regions does not list, e.g. { EU: eu-west }.")
        Map<String, String> continents) {

  public ClientLocality {
    regions = Models.map(regions);
    continents = Models.map(continents);
  }

  /** Settings with only a header, a region map and a CIDR table. */
  public ClientLocality(String header, Map<String, String> regions, String cidrFile) {
    this(header, regions, cidrFile, null, null);
  }
}
