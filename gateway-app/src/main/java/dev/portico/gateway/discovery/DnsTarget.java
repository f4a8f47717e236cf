package dev.portico.gateway.discovery;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to discover: a DNS name, the record type to ask for, and how often to ask again. Immutable
 * and validated on construction; an invalid value throws {@link IllegalArgumentException} naming
 * the field and the expectation.
 *
 * <p>The refresh interval is the answer's TTL clamped to {@code [minRefresh, maxRefresh]} (defaults
 * 5 s and 300 s); {@code minRefresh} is also the first retry delay after a failure. Names are
 * queried as given (absolute, no search domains). {@code nameServers} are IP literals with an
 * optional port ({@code 10.0.0.10}, {@code 10.0.0.10:5353}, {@code [fd00::53]:53}), asked in order;
 * empty means the system's resolv.conf.
 *
 * @param name the DNS name, e.g. {@code orders.svc.cluster.local} or {@code
 *     _http._tcp.orders.example}
 * @param type the record type(s) to query
 * @param port the endpoints' port for A/AAAA (1–65535); must be 0 for SRV, whose records carry it
 * @param scheme {@code http} or {@code https}
 * @param minRefresh lower bound of the refresh interval and first retry delay; null = 5 s
 * @param maxRefresh upper bound of the refresh interval and of the retry back-off; null = 300 s
 * @param nameServers name servers to ask, in order; empty = system default
 */
public record DnsTarget(
    String name,
    Type type,
    int port,
    String scheme,
    Duration minRefresh,
    Duration maxRefresh,
    List<String> nameServers) {

  /** Default lower bound of the refresh interval. */
  public static final Duration DEFAULT_MIN_REFRESH = Duration.ofSeconds(5);

  /** Default upper bound of the refresh interval. */
  public static final Duration DEFAULT_MAX_REFRESH = Duration.ofSeconds(300);

  private static final int DNS_PORT = 53;

  /** The record types a target can be discovered through. */
  public enum Type {
    /** IPv4 addresses; every address is an endpoint on {@link DnsTarget#port()}. */
    A,
    /** IPv6 addresses; every address is an endpoint on {@link DnsTarget#port()}. */
    AAAA,
    /** Both A and AAAA; the union of the addresses. */
    A_AND_AAAA,
    /** RFC 2782 service records; each target's A and AAAA addresses, on the record's port. */
    SRV
  }

  public DnsTarget {
    Objects.requireNonNull(type, "dns.type: must be one of A, AAAA, A_AND_AAAA, SRV");
    if (name == null || name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "dns.name: '" + name + "' is not a DNS name (expected e.g. orders.svc.cluster.local)");
    }
    if (type == Type.SRV ? port != 0 : port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "dns.port: "
              + port
              + (type == Type.SRV
                  ? " must be 0 for SRV (the records carry the port)"
                  : " is not a port (expected 1-65535)"));
    }
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException(
          "dns.scheme: '" + scheme + "' is not supported (expected http or https)");
    }
    minRefresh = minRefresh == null ? DEFAULT_MIN_REFRESH : minRefresh;
    maxRefresh = maxRefresh == null ? DEFAULT_MAX_REFRESH : maxRefresh;
    if (minRefresh.isNegative() || minRefresh.isZero()) {
      throw new IllegalArgumentException(
          "dns.refresh.min: " + minRefresh + " must be positive (expected e.g. 5s)");
    }
    if (maxRefresh.compareTo(minRefresh) < 0) {
      throw new IllegalArgumentException(
          "dns.refresh.max: " + maxRefresh + " must not be below refresh.min " + minRefresh);
    }
    nameServers = List.copyOf(nameServers == null ? List.of() : nameServers);
    nameServers.forEach(DnsTarget::parseNameServer);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
  }

  /** An A, AAAA or A_AND_AAAA target with default refresh bounds and the system name servers. */
  public static DnsTarget addresses(String name, Type type, int port, String scheme) {
    return new DnsTarget(name, type, port, scheme, null, null, List.of());
  }

  /** An SRV target with default refresh bounds and the system name servers. */
  public static DnsTarget srv(String name, String scheme) {
    return new DnsTarget(name, Type.SRV, 0, scheme, null, null, List.of());
  }

  /** This target with other refresh bounds. */
  public DnsTarget withRefresh(Duration min, Duration max) {
    return new DnsTarget(name, type, port, scheme, min, max, nameServers);
  }

  /** This target asking the given name servers ({@code ip[:port]}, {@code [ipv6]:port}). */
  public DnsTarget withNameServers(List<String> servers) {
    return new DnsTarget(name, type, port, scheme, minRefresh, maxRefresh, servers);
  }

  /** The name servers as socket addresses (empty = system default). */
  List<InetSocketAddress> nameServerAddresses() {
    List<InetSocketAddress> addresses = new ArrayList<>(nameServers.size());
    nameServers.forEach(server -> addresses.add(parseNameServer(server)));
    return addresses;
  }

  private static InetSocketAddress parseNameServer(String server) {
    String host = server;
    int port = DNS_PORT;
    if (server != null && server.startsWith("[") && server.contains("]")) {
      host = server.substring(1, server.indexOf(']'));
      String rest = server.substring(server.indexOf(']') + 1);
      port = rest.isEmpty() ? DNS_PORT : parsePort(server, rest.startsWith(":") ? rest : "?");
    } else if (server != null && server.indexOf(':') == server.lastIndexOf(':')) {
      int colon = server.indexOf(':');
      host = colon < 0 ? server : server.substring(0, colon);
      port = colon < 0 ? DNS_PORT : parsePort(server, server.substring(colon));
    }
    byte[] bytes = host == null ? null : NetUtil.createByteArrayFromIpAddressString(host);
    if (bytes == null) {
      throw nameServerError(server);
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
    } catch (UnknownHostException e) {
      throw nameServerError(server);
    }
  }

  private static int parsePort(String server, String colonAndPort) {
    try {
      int port = Integer.parseInt(colonAndPort.substring(1));
      if (colonAndPort.startsWith(":") && port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw nameServerError(server);
  }

  private static IllegalArgumentException nameServerError(String server) {
    return new IllegalArgumentException(
        "dns.name-servers: '"
            + server
            + "' is not an IP address with an optional port (expected e.g. 10.0.0.10,"
            + " 10.0.0.10:5353 or [fd00::53]:53)");
  }
}
