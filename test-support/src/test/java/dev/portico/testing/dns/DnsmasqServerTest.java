package dev.portico.testing.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.dns.DnsmasqServer.Srv;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fixture really changes what a running dnsmasq serves, and comes back on the same port. */
class DnsmasqServerTest {

  private static final int NOERROR = 0;
  private static final int NXDOMAIN = 3;
  private static final int REFUSED = 5;

  private DnsmasqServer dns;

  @BeforeEach
  void start() {
    dns = DnsmasqServer.start(1);
  }

  @AfterEach
  void stop() {
    dns.close();
  }

  private DnsProbe.Reply ask(String name, int type) throws IOException {
    return DnsProbe.ask(dns.port(), name, type, 1000);
  }

  @Test
  void addressesChangedWhileRunningAreServedOnReturn() throws IOException {
    dns.setAddresses("web.test", "10.0.0.1");
    assertThat(ask("web.test", DnsProbe.A)).isEqualTo(new DnsProbe.Reply(NOERROR, 1));

    dns.setAddresses("web.test", "10.0.0.1", "10.0.0.2");
    assertThat(ask("web.test", DnsProbe.A)).isEqualTo(new DnsProbe.Reply(NOERROR, 2));

    dns.setAddresses("web.test");
    assertThat(ask("web.test", DnsProbe.A)).isEqualTo(new DnsProbe.Reply(NXDOMAIN, 0));
  }

  @Test
  void srvRecordsChangedWhileRunningAreServedOnReturn() throws IOException {
    dns.setSrv("_http._tcp.web.test", new Srv("a.web.test", 8080, 1, 1));
    assertThat(ask("_http._tcp.web.test", DnsProbe.SRV)).isEqualTo(new DnsProbe.Reply(NOERROR, 1));

    dns.setSrv(
        "_http._tcp.web.test",
        new Srv("a.web.test", 8080, 1, 1),
        new Srv("b.web.test", 8080, 2, 1));
    assertThat(ask("_http._tcp.web.test", DnsProbe.SRV)).isEqualTo(new DnsProbe.Reply(NOERROR, 2));
  }

  @Test
  void namesOutsideTheTestDomainAreRefused() throws IOException {
    assertThat(ask("portico.example", DnsProbe.A)).isEqualTo(new DnsProbe.Reply(REFUSED, 0));
  }

  @Test
  void stoppedServerIsSilentAndStartsAgainOnTheSamePortWithItsRecords() throws IOException {
    dns.setAddresses("web.test", "10.0.0.1");
    int port = dns.port();

    dns.stop();
    assertThat(DnsProbe.ask(port, "web.test", DnsProbe.A, 300)).isNull();

    dns.start();
    assertThat(dns.port()).isEqualTo(port);
    assertThat(ask("web.test", DnsProbe.A)).isEqualTo(new DnsProbe.Reply(NOERROR, 1));
  }
}
