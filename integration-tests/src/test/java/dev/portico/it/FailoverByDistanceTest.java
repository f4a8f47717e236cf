package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream with no endpoints in the gateway's region fails over to the nearest region first (by
 * the configured coordinates), and to the next nearest when that one is down.
 */
class FailoverByDistanceTest {

  static final Map<String, WireMockServer> servers = new LinkedHashMap<>();
  static PorticoGateway gateway;

  @BeforeAll
  static void start(@TempDir Path dir) {
    for (String name : List.of("frankfurt", "virginia")) {
      WireMockServer server = Upstreams.wiremock();
      server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody(name)));
      servers.put(name, server);
    }
    gateway =
        PorticoGateway.start(
            dir,
            """
            gateway:
              default-policy: allow
              locality: { region: eu-west, zone: eu-west-1a }
              region-coordinates:
                eu-west: "53.35,-6.26"
                eu-central: "50.11,8.68"
                us-east: "38.95,-77.45"
            upstreams:
              app:
                endpoints:
                  # Listed far region first: the order must come from the distances.
                  - { url: "http://127.0.0.1:%2$d", region: us-east }
                  - { url: "http://127.0.0.1:%1$d", region: eu-central }
                locality: { failover-by-distance: true }
                outlier-detection: { consecutive-connect-failures: 1, max-ejection-percent: 100 }
            routes:
              - id: app
                match: { path: /** }
                upstream: app
                retries: { attempts: 2, on: [connect-failure] }
            """
                .formatted(servers.get("frankfurt").port(), servers.get("virginia").port()));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    servers.values().forEach(WireMockServer::stop);
  }

  static String servedBy() {
    return gateway
        .client()
        .get()
        .uri("/x")
        .exchange()
        .returnResult(String.class)
        .getResponseBody()
        .blockFirst(Duration.ofSeconds(10));
  }

  @Test
  void theNearestRegionServesAndTheNextNearestTakesOverWhenItIsDown() {
    for (int i = 0; i < 5; i++) {
      assertThat(servedBy()).isEqualTo("frankfurt");
    }
    servers.get("frankfurt").stop();
    for (int i = 0; i < 5; i++) {
      assertThat(servedBy()).isEqualTo("virginia");
    }
  }
}
