package dev.portico.gateway.upstream;

import dev.portico.config.model.CidrRegionTable;
import dev.portico.config.model.ClientLocality;
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
 * failing that, the region of the client address (trusted proxies applied) in the CIDR table.
 * Immutable; the table is read when the snapshot is built.
 */
public final class CallerRegion implements Function<ServerWebExchange, String> {

  private final String header;
  private final Map<String, String> regions;
  private final TrustedProxies trusted;
  private final CidrRegionTable table;

  private CallerRegion(
      String header, Map<String, String> regions, TrustedProxies trusted, CidrRegionTable table) {
    this.header = header;
    this.regions = regions;
    this.trusted = trusted;
    this.table = table;
  }

  /**
   * The function for {@code settings}, or one that always answers null when it is not set.
   *
   * @throws UncheckedIOException when the CIDR file cannot be read (the reload is refused)
   */
  public static Function<ServerWebExchange, String> of(
      ClientLocality settings, TrustedProxies trusted) {
    if (settings == null) {
      return exchange -> null;
    }
    CidrRegionTable table = null;
    if (settings.cidrFile() != null) {
      try {
        table = CidrRegionTable.load(Path.of(settings.cidrFile()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + settings.cidrFile(), e);
      }
    }
    return new CallerRegion(settings.header(), settings.regions(), trusted, table);
  }

  /** The caller's region, or null when unknown or not believed. */
  @Override
  public String apply(ServerWebExchange exchange) {
    String fromHeader = fromHeader(exchange);
    return fromHeader != null || table == null ? fromHeader : fromTable(exchange);
  }

  private String fromHeader(ServerWebExchange exchange) {
    if (header == null) {
      return null;
    }
    InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
    if (peer == null || peer.getAddress() == null || !trusted.trusts(peer.getAddress())) {
      return null;
    }
    String value = exchange.getRequest().getHeaders().getFirst(header);
    if (value == null || value.isBlank()) {
      return null;
    }
    value = value.strip();
    return regions.isEmpty() ? value : regions.get(value);
  }

  private String fromTable(ServerWebExchange exchange) {
    String client = trusted.clientAddress(exchange.getRequest());
    if (client == null) {
      return null;
    }
    try {
      // A numeric literal: InetAddress parses it without a DNS lookup.
      return table.regionOf(InetAddress.getByName(client));
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
