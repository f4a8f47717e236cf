package dev.portico.config.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @Test
  void ipv4NetworkContainsAddressesUnderItsPrefix() throws UnknownHostException {
    Cidr net = Cidr.parse("10.0.0.0/8");

    assertThat(net.contains(ip("10.0.0.1"))).isTrue();
    assertThat(net.contains(ip("10.255.255.255"))).isTrue();
    assertThat(net.contains(ip("11.0.0.0"))).isFalse();
  }

  @Test
  void hostBitsOfTheNetworkAddressAreIgnored() throws UnknownHostException {
    Cidr net = Cidr.parse("192.168.1.77/24");

    assertThat(net.contains(ip("192.168.1.1"))).isTrue();
    assertThat(net).isEqualTo(Cidr.parse("192.168.1.0/24"));
  }

  @Test
  void bareAddressIsASingleHost() throws UnknownHostException {
    Cidr host = Cidr.parse("192.168.1.7");

    assertThat(host.contains(ip("192.168.1.7"))).isTrue();
    assertThat(host.contains(ip("192.168.1.8"))).isFalse();
    assertThat(host).isEqualTo(Cidr.parse("192.168.1.7/32"));
  }

  @Test
  void ipv6NetworkContainsAddressesUnderItsPrefix() throws UnknownHostException {
    Cidr net = Cidr.parse("fd00::/8");

    assertThat(net.contains(ip("fd12:3456::1"))).isTrue();
    assertThat(net.contains(ip("fe80::1"))).isFalse();
  }

  @Test
  void ipv4NetworkDoesNotContainIpv6Addresses() throws UnknownHostException {
    assertThat(Cidr.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
  }

  @Test
  void ipv4MappedIpv6PeerMatchesTheIpv4Network() throws UnknownHostException {
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, 3};
    InetAddress peer = java.net.Inet6Address.getByAddress(null, mapped, -1);

    assertThat(Cidr.parse("10.0.0.0/8").contains(peer)).isTrue();
    assertThat(Cidr.parse("11.0.0.0/8").contains(peer)).isFalse();
  }

  @Test
  void ipv4MappedIpv6NetworkIsReadAsTheIpv4NetworkItMaps() {
    assertThat(Cidr.parse("::ffff:10.0.0.0/104")).isEqualTo(Cidr.parse("10.0.0.0/8"));
    assertThat(Cidr.parse("::ffff:10.1.2.3")).isEqualTo(Cidr.parse("10.1.2.3/32"));
  }

  @Test
  void ipv4MappedIpv6NetworkNeedsAPrefixCoveringTheMappedRange() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Cidr.parse("::ffff:10.0.0.0/8"))
        .withMessage(
            "'::ffff:10.0.0.0/8' is an IPv4-mapped network, which needs a prefix length of 96..128");
  }

  @Test
  void prefixLengthBoundsAreInclusive() throws UnknownHostException {
    assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
    assertThat(Cidr.parse("203.0.113.9/32").contains(ip("203.0.113.9"))).isTrue();
    assertThat(Cidr.parse("::/0").contains(ip("2001:db8::1"))).isTrue();
    assertThat(Cidr.parse("2001:db8::1/128").contains(ip("2001:db8::1"))).isTrue();
  }

  @Test
  void ipv4PrefixAbove32IsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Cidr.parse("10.0.0.0/33"))
        .withMessage("'10.0.0.0/33' has a prefix length outside 0..32");
  }

  @Test
  void ipv6PrefixAbove128IsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Cidr.parse("fd00::/129"))
        .withMessage("'fd00::/129' has a prefix length outside 0..128");
  }

  /**
   * The test JVM resolves names from {@code src/test/resources/hosts-for-tests}; this proves the
   * names used below would resolve if {@link Cidr#parse} ever looked them up.
   */
  @Test
  void hexLetterNamesResolveInThisTestJvm() throws UnknownHostException {
    assertThat(InetAddress.getByName("dead.beef").getHostAddress()).isEqualTo("10.9.8.7");
    assertThat(InetAddress.getByName("cafe.be").getHostAddress()).isEqualTo("10.9.8.8");
  }

  /** Host names, even resolvable ones made of hex letters, are rejected without a lookup. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "proxy.example.com",
        "localhost",
        "dead.beef",
        "cafe.be/24",
        "10.1/8",
        "10.0.0",
        "010.0.0.1",
        "256.0.0.1",
        "10.0.0.0/-1",
        "10.0.0.0/abc",
        "10.0.0.0/",
        ".1:2",
        "[::1]",
        "fe80::1%eth0",
        ""
      })
  void rejectsAnythingButNumericAddresses(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Cidr.parse(text))
        .withMessage(
            "'"
                + text
                + "' is not an IP network (expected an IP network like 10.0.0.0/8,"
                + " 192.168.1.7 or fd00::/8)");
  }

  @Test
  void keepsTheTextAsWritten() {
    assertThat(Cidr.parse(" 10.0.0.0/8 ")).hasToString("10.0.0.0/8");
  }

  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }
}
