package dev.portico.gateway.upstream;

import dev.portico.config.model.ClientLocality;
import dev.portico.gateway.forwarded.TrustedProxies;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.Function;
import org.springframework.web.server.ServerWebExchange;

/**
 * The caller's region from {@code gateway.client-locality}: the header's value (mapped through
 * {@code regions} when given), believed only when the request comes straight from a trusted proxy.
 * Immutable.
 */
public final class CallerRegion implements Function<ServerWebExchange, String> {

  private final String header;
  private final Map<String, String> regions;
  private final TrustedProxies trusted;

  private CallerRegion(String header, Map<String, String> regions, TrustedProxies trusted) {
    this.header = header;
    this.regions = regions;
    this.trusted = trusted;
  }

  /** The function for {@code settings}, or one that always answers null when it is not set. */
  public static Function<ServerWebExchange, String> of(
      ClientLocality settings, TrustedProxies trusted) {
    return settings == null
        ? exchange -> null
        : new CallerRegion(settings.header(), settings.regions(), trusted);
  }

  /** The caller's region, or null when unknown or not believed. */
  @Override
  public String apply(ServerWebExchange exchange) {
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
}
