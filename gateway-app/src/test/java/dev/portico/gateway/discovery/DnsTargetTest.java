package dev.portico.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.gateway.discovery.DnsTarget.Type;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsTargetTest {

  @Test
  void refreshBoundsDefaultToFiveAndThreeHundredSeconds() {
    DnsTarget target = DnsTarget.srv("_http._tcp.orders.example", "https");

    assertThat(target.minRefresh()).isEqualTo(Duration.ofSeconds(5));
    assertThat(target.maxRefresh()).isEqualTo(Duration.ofSeconds(300));
    assertThat(target.nameServers()).isEmpty();
  }

  @Test
  void nameServersAcceptIpv4AndIpv6WithOrWithoutPort() {
    DnsTarget target =
        DnsTarget.addresses("orders.example.", Type.A, 80, "http")
            .withNameServers(List.of("10.0.0.10", "10.0.0.11:5353", "[fd00::53]:54", "fd00::54"));

    assertThat(target.name()).isEqualTo("orders.example");
    assertThat(target.nameServerAddresses())
        .extracting(InetSocketAddress::getPort)
        .containsExactly(53, 5353, 54, 53);
  }

  @Test
  void nameServerMustBeAnIpLiteral() {
    assertThatThrownBy(
            () ->
                DnsTarget.addresses("orders.example", Type.A, 80, "http")
                    .withNameServers(List.of("dns.example:53")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dns.name-servers: 'dns.example:53'");
  }

  @Test
  void addressTargetNeedsAPort() {
    assertThatThrownBy(() -> DnsTarget.addresses("orders.example", Type.A, 0, "http"))
        .hasMessageContaining("dns.port: 0 is not a port");
  }

  @Test
  void srvTargetTakesItsPortsFromTheRecords() {
    assertThatThrownBy(
            () -> new DnsTarget("_x._tcp.example", Type.SRV, 80, "http", null, null, List.of()))
        .hasMessageContaining("must be 0 for SRV");
  }

  @Test
  void maxRefreshBelowMinRefreshIsRejected() {
    assertThatThrownBy(
            () ->
                DnsTarget.addresses("orders.example", Type.A, 80, "http")
                    .withRefresh(Duration.ofSeconds(10), Duration.ofSeconds(5)))
        .hasMessageContaining("dns.refresh.max: PT5S must not be below refresh.min PT10S");
  }

  @Test
  void onlyHttpAndHttpsSchemes() {
    assertThatThrownBy(() -> DnsTarget.addresses("orders.example", Type.A, 80, "ftp"))
        .hasMessageContaining("dns.scheme: 'ftp'");
  }
}
