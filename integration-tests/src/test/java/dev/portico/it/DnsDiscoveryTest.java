package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.testing.dns.DnsmasqServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstreams whose endpoints come from a real DNS server (dnsmasq on loopback): SRV records name
 * WireMock endpoints; a change in DNS changes where requests go; DNS going away keeps the last good
 * endpoints; a name with no records answers 503 no-endpoints.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DnsDiscoveryTest {

  static DnsmasqServer dns;
  static final Map<String, WireMockServer> servers = new java.util.LinkedHashMap<>();
  static PorticoGateway gateway;

  static WireMockServer endpoint(String name) {
    WireMockServer server = Upstreams.wiremock();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody(name)));
    servers.put(name, server);
    return server;
  }

  @BeforeAll
  static void start(@TempDir Path dir) {
    for (String name : List.of("e1", "e2", "e3")) {
      endpoint(name);
    }
    dns = DnsmasqServer.start(1);
    dns.setAddresses("host.test", "127.0.0.1");
    dns.setSrv(
        "_http._tcp.orders.test",
        new DnsmasqServer.Srv("host.test", servers.get("e1").port(), 10, 1),
        new DnsmasqServer.Srv("host.test", servers.get("e2").port(), 10, 1),
        new DnsmasqServer.Srv("host.test", servers.get("e3").port(), 20, 1));
    gateway =
        PorticoGateway.start(
            dir,
            """
            gateway: { default-policy: allow }
            upstreams:
              orders:
                discovery:
                  name: _http._tcp.orders.test
                  type: srv
                  min-refresh: 1s
                  max-refresh: 1s
                  name-servers: ["%1$s"]
              nowhere:
                discovery:
                  name: nothing-here.test
                  port: 8080
                  name-servers: ["%1$s"]
            routes:
              - { id: orders, match: { path: /orders/** }, upstream: orders }
              - { id: nowhere, match: { path: /nowhere/** }, upstream: nowhere }
            """
                .formatted(dns.address()));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    dns.close();
    servers.values().forEach(WireMockServer::stop);
  }

  static String servedBy() {
    return gateway
        .client()
        .get()
        .uri("/orders/x")
        .exchange()
        .returnResult(String.class)
        .getResponseBody()
        .blockFirst(Duration.ofSeconds(10));
  }

  static Set<String> servedByOverSixRequests() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      seen.add(servedBy());
    }
    return seen;
  }

  @Test
  @Order(1)
  void theLowestSrvPriorityTakesTheTrafficRoundRobin() {
    await().atMost(Duration.ofSeconds(15)).until(() -> "e1".equals(servedBy()));
    assertThat(servedByOverSixRequests()).containsExactlyInAnyOrder("e1", "e2");
  }

  @Test
  @Order(2)
  void aChangedDnsAnswerMovesTheTraffic() {
    dns.setSrv(
        "_http._tcp.orders.test",
        new DnsmasqServer.Srv("host.test", servers.get("e3").port(), 10, 1));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> servedByOverSixRequests().equals(Set.of("e3")));
  }

  @Test
  @Order(3)
  void withDnsGoneTheLastGoodEndpointsStay() {
    dns.stop();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                RedisRateLimitTest.metric(
                        gateway, "portico_upstream_dns_failures_total{upstream=\"orders\"}")
                    >= 1.0);
    for (int i = 0; i < 4; i++) {
      assertThat(servedBy()).isEqualTo("e3");
    }
    dns.start();
  }

  @Test
  @Order(4)
  void aNameWithoutRecordsAnswers503NoEndpoints() {
    gateway
        .client()
        .get()
        .uri("/nowhere/x")
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectBody(String.class)
        .value(body -> assertThat(body).contains("https://portico.dev/problems/no-endpoints"));
  }
}
