package dev.portico.gateway.forwarded;

import dev.portico.config.model.Cidr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The peers whose forwarding headers are believed, and the client address that follows from them.
 * Immutable; compiled from {@code gateway.trusted-proxies}.
 */
public record TrustedProxies(List<Cidr> networks) {

  public TrustedProxies {
    networks = List.copyOf(networks);
  }

  public boolean trusts(InetAddress address) {
    if (address == null) {
      return false;
    }
    for (Cidr network : networks) {
      if (network.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The original client: the peer itself unless it is trusted; otherwise, walking {@code
   * X-Forwarded-For} from the right (the hop nearest to us), the first address that is not a
   * trusted proxy. Malformed entries stop the walk at the last good address, so a client cannot use
   * garbage to hide behind a proxy.
   *
   * @param peer the TCP peer
   * @param forwardedFor all X-Forwarded-For header values, in order
   */
  /** {@link #clientAddress(InetAddress, List)} for a request. */
  public String clientAddress(ServerHttpRequest request) {
    InetSocketAddress remote = request.getRemoteAddress();
    return clientAddress(
        remote == null ? null : remote.getAddress(),
        request.getHeaders().getOrEmpty("X-Forwarded-For"));
  }

  public String clientAddress(InetAddress peer, List<String> forwardedFor) {
    String client = peer == null ? "" : peer.getHostAddress();
    if (!trusts(peer)) {
      return client;
    }
    List<String> hops = ForwardedFor.hops(forwardedFor);
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = ForwardedFor.parseAddress(hops.get(i));
      if (hop == null) {
        return client;
      }
      client = hop.getHostAddress();
      if (!trusts(hop)) {
        return client;
      }
    }
    return client;
  }
}
