package dev.portico.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.portico.gateway.discovery.DnsTarget.Type;
import dev.portico.testing.dns.DnsmasqServer;
import dev.portico.testing.dns.DnsmasqServer.Srv;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * DNS discovery against a real dnsmasq on loopback whose answers carry a 1 s TTL: each record type,
 * TTL refresh, change detection, and the failure modes (server down, NXDOMAIN, silent server).
 */
class DnsDiscoveryTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);

  private static DnsmasqServer dns;

  private final List<List<DiscoveredEndpoint>> changes = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger("portico.discovery");
  private DnsDiscovery discovery;

  @BeforeAll
  static void startDns() {
    dns = DnsmasqServer.start(1);
  }

  @AfterAll
  static void stopDns() {
    dns.close();
  }

  @BeforeEach
  void startDiscovery() {
    discovery = DnsDiscovery.create(Clock.systemUTC(), ONE_SECOND);
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void closeDiscovery() {
    logger.detachAppender(logs);
    discovery.close();
  }

  private DnsTarget target(String name, Type type, int port, String scheme, DnsmasqServer server) {
    return new DnsTarget(
        name, type, port, scheme, ONE_SECOND, Duration.ofSeconds(2), List.of(server.address()));
  }

  private DnsWatch watch(DnsTarget target) {
    return discovery.start(target, changes::add);
  }

  private static List<DiscoveredEndpoint> first(DnsWatch watch) {
    return watch
        .firstResolution()
        .orTimeout(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
        .join();
  }

  private static List<String> ids(List<DiscoveredEndpoint> endpoints) {
    return endpoints.stream().map(DiscoveredEndpoint::id).toList();
  }

  private List<String> messages(Level level) {
    return logs.list.stream()
        .filter(event -> event.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  @Test
  void aRecordsBecomeEndpointsOnTheTargetPortWithItsScheme() {
    dns.setAddresses("web.a.test", "10.0.0.10", "10.0.0.9");

    DnsWatch watch = watch(target("web.a.test", Type.A, 8443, "https", dns));

    assertThat(first(watch))
        .containsExactly(
            new DiscoveredEndpoint("10.0.0.9", 8443, "https", 1, 0, "web.a.test"),
            new DiscoveredEndpoint("10.0.0.10", 8443, "https", 1, 0, "web.a.test"));
    assertThat(watch.endpoints().get(0).uri()).hasToString("https://10.0.0.9:8443");
    assertThat(watch.failures()).isZero();
    assertThat(watch.lastSuccess()).isPresent();
  }

  @Test
  void aaaaRecordsBecomeBracketedIpv6Endpoints() {
    dns.setAddresses("web.aaaa.test", "::1", "fd00::7", "10.0.0.1");

    DnsWatch watch = watch(target("web.aaaa.test", Type.AAAA, 8080, "http", dns));

    assertThat(ids(first(watch))).containsExactly("[::1]:8080", "[fd00::7]:8080");
    assertThat(watch.endpoints().get(1).uri()).hasToString("http://[fd00::7]:8080");
  }

  @Test
  void aAndAaaaTargetYieldsBothFamiliesIpv4First() {
    dns.setAddresses("web.both.test", "fd00::7", "10.0.0.1");

    DnsWatch watch = watch(target("web.both.test", Type.A_AND_AAAA, 8080, "http", dns));

    assertThat(ids(first(watch))).containsExactly("10.0.0.1:8080", "[fd00::7]:8080");
  }

  @Test
  void srvTargetsResolveToAddressesWithTheRecordsPortsWeightsAndPriorities() {
    dns.setAddresses("p0a.orders.test", "10.1.0.1");
    dns.setAddresses("p0b.orders.test", "10.1.0.2", "fd00::2");
    dns.setAddresses("p1.orders.test", "10.1.0.3");
    dns.setSrv(
        "_http._tcp.orders.test",
        new Srv("p0a.orders.test", 8080, 10, 60),
        new Srv("p0b.orders.test", 8081, 10, 0),
        new Srv("p1.orders.test", 9090, 20, 5));

    DnsWatch watch = watch(target("_http._tcp.orders.test", Type.SRV, 0, "http", dns));

    List<DiscoveredEndpoint> endpoints = first(watch);
    assertThat(endpoints)
        .containsExactly(
            new DiscoveredEndpoint("10.1.0.1", 8080, "http", 60, 10, "p0a.orders.test"),
            new DiscoveredEndpoint("10.1.0.2", 8081, "http", 0, 10, "p0b.orders.test"),
            new DiscoveredEndpoint("fd00::2", 8081, "http", 0, 10, "p0b.orders.test"),
            new DiscoveredEndpoint("10.1.0.3", 9090, "http", 5, 20, "p1.orders.test"));
    assertThat(ids(DiscoveredEndpoint.lowestPriority(endpoints)))
        .containsExactly("10.1.0.1:8080", "10.1.0.2:8081", "[fd00::2]:8081");
    assertThat(endpoints.get(1).balancerWeight()).isEqualTo(1);
  }

  @Test
  void srvTargetWithoutAddressesIsLeftOutAndTheRestIsUsed() {
    dns.setAddresses("live.pay.test", "10.2.0.1");
    dns.setSrv(
        "_http._tcp.pay.test",
        new Srv("live.pay.test", 8080, 1, 1),
        new Srv("gone.pay.test", 8080, 1, 1));

    DnsWatch watch = watch(target("_http._tcp.pay.test", Type.SRV, 0, "http", dns));

    assertThat(ids(first(watch))).containsExactly("10.2.0.1:8080");
    assertThat(watch.failures()).isZero();
  }

  @Test
  void changedRecordIsPickedUpAfterItsTtl() {
    dns.setAddresses("web.ttl.test", "10.3.0.1");
    DnsWatch watch = watch(target("web.ttl.test", Type.A, 80, "http", dns));
    assertThat(ids(first(watch))).containsExactly("10.3.0.1:80");

    dns.setAddresses("web.ttl.test", "10.3.0.1", "10.3.0.2");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(ids(watch.endpoints())).containsExactly("10.3.0.1:80", "10.3.0.2:80"));
    assertThat(changes).hasSize(2);
    assertThat(ids(changes.get(1))).containsExactly("10.3.0.1:80", "10.3.0.2:80");
  }

  @Test
  void onChangeIsNotCalledWhenRefreshesReturnTheSameEndpoints() {
    dns.setAddresses("web.same.test", "10.4.0.2", "10.4.0.1");
    DnsWatch watch = watch(target("web.same.test", Type.A, 80, "http", dns));

    await().atMost(WAIT).until(() -> watch.resolutions() >= 4);

    assertThat(changes).hasSize(1);
    assertThat(ids(changes.get(0))).containsExactly("10.4.0.1:80", "10.4.0.2:80");
  }

  @Test
  void serverDownKeepsLastGoodEndpointsCountsFailuresAndRecoversWhenBack() {
    try (DnsmasqServer own = DnsmasqServer.start(1)) {
      own.setAddresses("web.down.test", "10.5.0.1");
      DnsWatch watch = watch(target("web.down.test", Type.A, 80, "http", own));
      assertThat(ids(first(watch))).containsExactly("10.5.0.1:80");

      own.stop();
      await().atMost(WAIT).until(() -> watch.failures() >= 2);
      assertThat(ids(watch.endpoints())).containsExactly("10.5.0.1:80");
      assertThat(watch.lastFailure())
          .get()
          .extracting(DnsFailure::kind)
          .isIn(DnsFailure.Kind.TIMEOUT, DnsFailure.Kind.NETWORK);
      long successesBeforeRestart = watch.resolutions();

      own.start();
      await().atMost(WAIT).until(() -> watch.resolutions() > successesBeforeRestart);

      assertThat(changes).hasSize(1);
      assertThat(messages(Level.WARN)).singleElement().asString().contains("web.down.test");
      assertThat(messages(Level.INFO))
          .singleElement()
          .asString()
          .contains("web.down.test", "recovered");
    }
  }

  @Test
  void nxdomainAtStartReportsAnEmptyListAndCountsTheFailure() {
    DnsWatch watch = watch(target("missing.nx.test", Type.A, 80, "http", dns));

    assertThat(first(watch)).isEmpty();
    assertThat(changes).containsExactly(List.of());
    assertThat(watch.failures()).isEqualTo(1);
    assertThat(watch.lastFailure())
        .get()
        .extracting(DnsFailure::kind)
        .isEqualTo(DnsFailure.Kind.NAME_NOT_FOUND);
    assertThat(watch.lastSuccess()).isEmpty();
    assertThat(messages(Level.WARN)).singleElement().asString().contains("NXDOMAIN");
  }

  @Test
  void nameOutsideTheServersZoneIsAServerFailure() {
    DnsWatch watch = watch(target("portico.example", Type.A, 80, "http", dns));

    assertThat(first(watch)).isEmpty();
    assertThat(watch.lastFailure())
        .get()
        .extracting(DnsFailure::kind)
        .isEqualTo(DnsFailure.Kind.SERVER_FAILURE);
  }

  @Test
  void silentNameServerTimesOutWithoutHoldingUpTheCallerOrOtherTargets() throws Exception {
    dns.setAddresses("web.fast.test", "10.6.0.1");
    try (DatagramSocket silent =
            new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        DnsDiscovery slow = DnsDiscovery.create(Clock.systemUTC(), Duration.ofSeconds(2))) {
      String silentAddress = "127.0.0.1:" + silent.getLocalPort();
      DnsWatch hung =
          slow.start(
              new DnsTarget(
                  "web.hung.test",
                  Type.A,
                  80,
                  "http",
                  ONE_SECOND,
                  ONE_SECOND,
                  List.of(silentAddress)),
              endpoints -> {});
      assertThat(hung.firstResolution()).isNotDone();

      DnsWatch fast = slow.start(target("web.fast.test", Type.A, 80, "http", dns), e -> {});
      assertThat(ids(first(fast))).containsExactly("10.6.0.1:80");
      assertThat(hung.firstResolution()).isNotDone(); // same DNS thread, still waiting for silence

      assertThat(first(hung)).isEmpty();
      assertThat(hung.lastFailure())
          .get()
          .extracting(DnsFailure::kind)
          .isEqualTo(DnsFailure.Kind.TIMEOUT);
    }
  }

  @Test
  void silentFirstNameServerFailsOverToTheNextOne() throws Exception {
    dns.setAddresses("web.failover.test", "10.7.0.1");
    try (DatagramSocket silent =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      DnsWatch watch =
          watch(
              new DnsTarget(
                  "web.failover.test",
                  Type.A,
                  80,
                  "http",
                  ONE_SECOND,
                  ONE_SECOND,
                  List.of("127.0.0.1:" + silent.getLocalPort(), dns.address())));

      assertThat(ids(first(watch))).containsExactly("10.7.0.1:80");
      assertThat(watch.failures()).isZero();
    }
  }
}
