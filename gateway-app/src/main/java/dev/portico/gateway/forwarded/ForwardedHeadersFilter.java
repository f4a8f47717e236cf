package dev.portico.gateway.forwarded;

import dev.portico.gateway.snapshot.SnapshotHolder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes the forwarding headers of the request sent upstream. From a trusted proxy, Portico keeps
 * what the proxy said and appends itself; from anyone else, it replaces whatever the client sent,
 * so a client cannot forge its address, scheme or host for the upstream:
 *
 * <ul>
 *   <li>{@code X-Forwarded-For}: trusted peer → existing list + peer; otherwise → peer only.
 *   <li>{@code X-Forwarded-Proto}, {@code -Host}, {@code -Port}: trusted peer and present → kept;
 *       otherwise → what Portico itself received.
 *   <li>{@code Forwarded} (RFC 7239): trusted peer → kept with Portico's element appended;
 *       otherwise → removed.
 * </ul>
 */
public final class ForwardedHeadersFilter implements HttpHeadersFilter, Ordered {

  static final String X_FORWARDED_FOR = "X-Forwarded-For";
  static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
  static final String X_FORWARDED_HOST = "X-Forwarded-Host";
  static final String X_FORWARDED_PORT = "X-Forwarded-Port";
  static final String FORWARDED = "Forwarded";

  private final SnapshotHolder snapshots;

  public ForwardedHeadersFilter(SnapshotHolder snapshots) {
    this.snapshots = snapshots;
  }

  @Override
  public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
    ServerHttpRequest request = exchange.getRequest();
    InetSocketAddress remote = request.getRemoteAddress();
    InetAddress peer = remote == null ? null : remote.getAddress();
    TrustedProxies trusted = snapshots.current().trustedProxies();
    boolean fromTrusted = trusted.trusts(peer);
    String peerText = peer == null ? "unknown" : peer.getHostAddress();

    // Read what the client sent from the request itself: the input is what earlier headers filters
    // made of it. Forwarding headers are left out of the copy and written again below.
    HttpHeaders received = request.getHeaders();
    HttpHeaders out = new HttpHeaders();
    for (Map.Entry<String, List<String>> header : input.headerSet()) {
      if (!isForwarding(header.getKey())) {
        out.put(header.getKey(), header.getValue());
      }
    }
    List<String> forwardedFor = fromTrusted ? received.getOrEmpty(X_FORWARDED_FOR) : List.of();
    String chain = String.join(", ", ForwardedFor.hops(forwardedFor));
    out.set(X_FORWARDED_FOR, chain.isEmpty() ? peerText : chain + ", " + peerText);

    String proto = request.getURI().getScheme();
    String host = request.getHeaders().getFirst(HttpHeaders.HOST);
    InetSocketAddress local = request.getLocalAddress();
    keepOrSet(out, received, X_FORWARDED_PROTO, proto, fromTrusted);
    keepOrSet(out, received, X_FORWARDED_HOST, host, fromTrusted);
    keepOrSet(
        out,
        received,
        X_FORWARDED_PORT,
        local == null ? null : Integer.toString(local.getPort()),
        fromTrusted);

    List<String> forwarded = received.getOrEmpty(FORWARDED);
    out.remove(FORWARDED);
    if (fromTrusted && !forwarded.isEmpty()) {
      out.set(FORWARDED, String.join(", ", forwarded) + ", " + forwardedElement(peer, proto, host));
    }
    return out;
  }

  /**
   * Forwarding headers as the client sent them, which are never passed on as they are: {@code
   * Forwarded} and every {@code X-Forwarded-*} ({@code -Prefix} too). The ones this filter sets are
   * set again below, from the request.
   */
  private static boolean isForwarding(String name) {
    return name.equalsIgnoreCase(FORWARDED) || name.regionMatches(true, 0, "X-Forwarded-", 0, 12);
  }

  private static void keepOrSet(
      HttpHeaders out, HttpHeaders received, String name, String value, boolean trusted) {
    if (trusted && received.containsHeader(name)) {
      out.put(name, received.get(name));
      return;
    }
    if (value == null) {
      out.remove(name);
    } else {
      out.set(name, value);
    }
  }

  private static String forwardedElement(InetAddress peer, String proto, String host) {
    String address = peer == null ? "unknown" : peer.getHostAddress();
    String forValue = address.contains(":") ? "\"[" + address + "]\"" : address;
    StringBuilder element =
        new StringBuilder("for=").append(forValue).append(";proto=").append(proto);
    if (host != null) {
      element.append(";host=\"").append(host.replace("\"", "")).append('"');
    }
    return element.toString();
  }

  @Override
  public boolean supports(Type type) {
    return type == Type.REQUEST;
  }

  /**
   * Late among the request's headers filters, so its forwarding headers are final. Spring Cloud
   * Gateway's filters that would strip forwarding headers are not used (see {@code
   * dev.portico.gateway.protocol.CopyWhenNeededHeadersFilter}): this filter leaves them out itself.
   */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE - 100;
  }
}
