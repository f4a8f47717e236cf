package dev.portico.gateway.discovery;

import io.netty.util.NetUtil;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One upstream endpoint found in DNS. Immutable. Lists handed out by {@link DnsDiscovery} are
 * sorted by {@link #ORDER} (priority, then address, then port) and hold each {@link #id()} once.
 *
 * <p>For A/AAAA targets, {@code priority} is 0 and {@code weight} 1. For SRV targets, both are the
 * record's (RFC 2782: lower priority is preferred; weight shares load within a priority). SRV
 * weight 0 means "only a very small share"; {@link #balancerWeight()} maps it to 1, which is the
 * smallest share an integer-weighted balancer can give and is small next to the weights (10–100)
 * SRV records usually carry.
 *
 * @param host the address as an IP literal ({@code 10.0.0.7}, {@code fd00::7}; IPv6 compressed,
 *     without brackets)
 * @param port the port (the target's for A/AAAA, the record's for SRV)
 * @param scheme {@code http} or {@code https}, from the target
 * @param weight SRV weight 0–65535, or 1 for A/AAAA
 * @param priority SRV priority 0–65535 (lower is preferred), or 0 for A/AAAA
 * @param hostname the DNS name the address was found under (the SRV target or the queried name),
 *     e.g. for TLS server name indication
 */
public record DiscoveredEndpoint(
    String host, int port, String scheme, int weight, int priority, String hostname) {

  /** The order of every list {@link DnsDiscovery} hands out. */
  public static final Comparator<DiscoveredEndpoint> ORDER =
      Comparator.comparingInt(DiscoveredEndpoint::priority)
          .thenComparing(DiscoveredEndpoint::addressBytes, DiscoveredEndpoint::compareAddresses)
          .thenComparingInt(DiscoveredEndpoint::port)
          .thenComparing(Comparator.comparingInt(DiscoveredEndpoint::weight).reversed())
          .thenComparing(DiscoveredEndpoint::hostname);

  public DiscoveredEndpoint {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(hostname, "hostname");
    if (host == null || NetUtil.createByteArrayFromIpAddressString(host) == null) {
      throw new IllegalArgumentException("host: '" + host + "' is not an IP address literal");
    }
    if (port < 1 || port > 65535 || weight < 0 || weight > 65535) {
      throw new IllegalArgumentException(
          "endpoint " + host + ": port " + port + " or weight " + weight + " out of range");
    }
    if (priority < 0 || priority > 65535) {
      throw new IllegalArgumentException("endpoint " + host + ": priority " + priority);
    }
  }

  /** A stable identity: {@code ip:port}, IPv6 in brackets ({@code [fd00::7]:8080}). */
  public String id() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** {@code scheme://id}, e.g. {@code https://[fd00::7]:8443}. */
  public URI uri() {
    return URI.create(scheme + "://" + id());
  }

  /** The weight for a balancer that needs positive weights: SRV weight 0 counts as 1. */
  public int balancerWeight() {
    return Math.max(weight, 1);
  }

  /**
   * The endpoints with the lowest priority value in {@code endpoints}: the ones RFC 2782 says to
   * use while any of them exists. Keeps the input order; empty for an empty input.
   */
  public static List<DiscoveredEndpoint> lowestPriority(List<DiscoveredEndpoint> endpoints) {
    int lowest = endpoints.stream().mapToInt(DiscoveredEndpoint::priority).min().orElse(0);
    return endpoints.stream().filter(endpoint -> endpoint.priority() == lowest).toList();
  }

  private byte[] addressBytes() {
    return NetUtil.createByteArrayFromIpAddressString(host);
  }

  /** IPv4 before IPv6, then unsigned byte order (so 10.0.0.9 comes before 10.0.0.10). */
  private static int compareAddresses(byte[] left, byte[] right) {
    int byLength = Integer.compare(left.length, right.length);
    return byLength != 0 ? byLength : java.util.Arrays.compareUnsigned(left, right);
  }
}
