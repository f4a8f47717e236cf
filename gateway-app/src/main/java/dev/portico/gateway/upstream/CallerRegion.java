package dev.portico.gateway.upstream;

import dev.portico.config.model.CidrRegionTable;
import dev.portico.config.model.ClientLocality;
import dev.portico.config.model.GeoIpDatabase;
import dev.portico.gateway.forwarded.TrustedProxies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.springframework.web.server.ServerWebExchange;

/**
 * The caller's region from {@code gateway.client-locality}: the header's value (mapped through
 * {@code regions} when given), believed only when the request comes straight from a trusted proxy;
 * failing that, the region of the client address (trusted proxies applied) in the CIDR table;
 * failing that, the address's country in the GeoIP database mapped through {@code regions}, or its
 * continent mapped through {@code continents}. Immutable; the table and the database are read when
 * the snapshot is built.
 */
public final class CallerRegion implements Function<ServerWebExchange, String> {

  private final String header;
  private final Map<String, String> regions;
  private final TrustedProxies trusted;
  private final CidrRegionTable table;
  private final GeoIpDatabase geoip;
  private final Map<String, String> continents;

  private CallerRegion(
      ClientLocality settings, TrustedProxies trusted, CidrRegionTable table, GeoIpDatabase geoip) {
    this.header = settings.header();
    this.regions = settings.regions();
    this.continents = settings.continents();
    this.trusted = trusted;
    this.table = table;
    this.geoip = geoip;
  }

  /**
   * The function for {@code settings}, or one that always answers null when it is not set.
   *
   * @throws UncheckedIOException when the CIDR file or the GeoIP database cannot be read (the
   *     reload is refused)
   */
  public static CallerRegion of(ClientLocality settings, TrustedProxies trusted) {
    if (settings == null) {
      return new CallerRegion(
          new ClientLocality(null, Map.of(), null, null, Map.of()), trusted, null, null);
    }
    CidrRegionTable table = null;
    if (settings.cidrFile() != null) {
      try {
        table = CidrRegionTable.load(Path.of(settings.cidrFile()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + settings.cidrFile(), e);
      }
    }
    GeoIpDatabase geoip = null;
    if (settings.geoipDatabase() != null) {
      try {
        geoip = GeoIpDatabase.load(Path.of(settings.geoipDatabase()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + settings.geoipDatabase(), e);
      }
    }
    return new CallerRegion(settings, trusted, table, geoip);
  }

  /** The caller's region, or null when unknown or not believed. */
  @Override
  public String apply(ServerWebExchange exchange) {
    String region = fromHeader(exchange);
    if (region != null || (table == null && geoip == null)) {
      return region;
    }
    InetAddress client = clientAddress(exchange);
    if (client == null) {
      return null;
    }
    if (table != null) {
      region = table.regionOf(client);
    }
    return region != null || geoip == null ? region : fromDatabase(client);
  }

  /** The header Portico reads the caller's region from, or null. */
  public String header() {
    return header;
  }

  /**
   * The region of a described caller (a simulation): {@code headerValue} (the region header's value
   * as a trusted proxy would send it, or null), failing that the region of {@code clientAddress}
   * (an IP literal, or null) in the CIDR table or GeoIP database. Null when unknown.
   */
  public String regionOf(String headerValue, String clientAddress) {
    String region = header == null ? null : mapped(headerValue);
    if (region != null || (table == null && geoip == null) || clientAddress == null) {
      return region;
    }
    InetAddress client = literal(clientAddress);
    if (client == null) {
      return null;
    }
    if (table != null) {
      region = table.regionOf(client);
    }
    return region != null || geoip == null ? region : fromDatabase(client);
  }

  private String mapped(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    value = value.strip();
    return regions.isEmpty() ? value : regions.get(value);
  }

  private String fromHeader(ServerWebExchange exchange) {
    if (header == null) {
      return null;
    }
    InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
    if (peer == null || peer.getAddress() == null || !trusted.trusts(peer.getAddress())) {
      return null;
    }
    return mapped(exchange.getRequest().getHeaders().getFirst(header));
  }

  private String fromDatabase(InetAddress client) {
    GeoIpDatabase.Place place = geoip.lookup(client);
    if (place == null) {
      return null;
    }
    String region = place.country() == null ? null : regions.get(place.country());
    return region != null || place.continent() == null ? region : continents.get(place.continent());
  }

  private InetAddress clientAddress(ServerWebExchange exchange) {
    String client = trusted.clientAddress(exchange.getRequest());
    return client == null ? null : literal(client);
  }

  private static InetAddress literal(String client) {
    try {
      // A numeric literal: InetAddress parses it without a DNS lookup.
      return InetAddress.getByName(client);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
