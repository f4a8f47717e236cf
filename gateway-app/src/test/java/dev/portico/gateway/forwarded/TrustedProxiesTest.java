package dev.portico.gateway.forwarded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.model.Cidr;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  private final TrustedProxies proxies =
      new TrustedProxies(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8")));

  private static InetAddress ip(String text) throws Exception {
    return InetAddress.getByName(text);
  }

  @Test
  void untrustedPeerIsTheClientWhateverItClaims() throws Exception {
    assertThat(proxies.clientAddress(ip("198.51.100.7"), List.of("1.2.3.4")))
        .isEqualTo("198.51.100.7");
  }

  @Test
  void trustedPeerWithoutHeaderIsTheClient() throws Exception {
    assertThat(proxies.clientAddress(ip("10.0.0.5"), List.of())).isEqualTo("10.0.0.5");
  }

  @Test
  void firstUntrustedHopFromTheRightIsTheClient() throws Exception {
    assertThat(proxies.clientAddress(ip("10.0.0.5"), List.of("6.6.6.6, 203.0.113.9", "10.9.9.9")))
        .isEqualTo("203.0.113.9");
  }

  @Test
  void hopsWithPortsAndIpv6AreUnderstood() throws Exception {
    assertThat(proxies.clientAddress(ip("fd00::1"), List.of("203.0.113.9:4711")))
        .isEqualTo("203.0.113.9");
    assertThat(proxies.clientAddress(ip("10.0.0.5"), List.of("[2001:db8::1]:443")))
        .isEqualTo("2001:db8:0:0:0:0:0:1");
  }

  @Test
  void garbageHopStopsTheWalkAtTheLastGoodAddress() throws Exception {
    assertThat(proxies.clientAddress(ip("10.0.0.5"), List.of("203.0.113.9, not-an-ip, 10.1.1.1")))
        .isEqualTo("10.1.1.1");
  }

  @Test
  void hostNamesInTheHeaderAreNeverResolved() {
    assertThat(ForwardedFor.parseAddress("localhost")).isNull();
    assertThat(ForwardedFor.parseAddress("example.com:80")).isNull();
  }

  @Test
  void ipv4MappedIpv6PeerMatchesIpv4Network() throws Exception {
    assertThat(proxies.trusts(ip("::ffff:10.1.2.3"))).isTrue();
  }
}
