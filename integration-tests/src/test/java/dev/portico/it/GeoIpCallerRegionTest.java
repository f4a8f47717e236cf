package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.testing.geoip.MmdbWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The caller's region from a MaxMind database: the forwarded client address's country (or
 * continent) picks the region whose endpoints serve it; an updated database is picked up without a
 * change to the configuration file, and a broken one keeps the running database.
 */
class GeoIpCallerRegionTest {

  private static final String AMERICAN = "198.51.100.7";
  private static final String GERMAN = "203.0.113.7";

  @TempDir Path dir;
  private WireMockServer europe;
  private WireMockServer america;
  private PorticoGateway gateway;
  private Path database;

  @BeforeEach
  void start() throws IOException {
    europe = serving("eu-west");
    america = serving("us-east");
    database = dir.resolve("countries.mmdb");
    replaceDatabase(
        new MmdbWriter("GeoLite2-Country")
            .put("198.51.100.0/24", place("US", "NA"))
            .put("203.0.113.0/24", place("DE", "EU")));
    gateway =
        PorticoGateway.start(
            dir,
            """
            gateway:
              default-policy: allow
              locality: { region: eu-west, zone: eu-west-1a }
              trusted-proxies: [127.0.0.1/32]
              client-locality:
                geoip-database: "%s"
                regions: { US: us-east }
                continents: { EU: eu-west }
            upstreams:
              app:
                endpoints:
                  - { url: "http://127.0.0.1:%d", region: eu-west, zone: eu-west-1a }
                  - { url: "http://127.0.0.1:%d", region: us-east, zone: us-east-1a }
                locality: { failover: [us-east] }
            routes:
              - { id: app, match: { path: /** }, upstream: app }
            """
                .formatted(database, europe.port(), america.port()));
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    europe.stop();
    america.stop();
  }

  private static WireMockServer serving(String region) {
    WireMockServer server = Upstreams.wiremock();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody(region)));
    return server;
  }

  private static Map<String, Object> place(String country, String continent) {
    return Map.of("country", Map.of("iso_code", country), "continent", Map.of("code", continent));
  }

  /** Replaces the database the way geoipupdate does: a new file renamed over the old one. */
  private void replaceDatabase(MmdbWriter writer) throws IOException {
    replaceDatabase(writer.toBytes());
  }

  private void replaceDatabase(byte[] bytes) throws IOException {
    Path temp = dir.resolve("countries.mmdb.tmp");
    Files.write(temp, bytes);
    Files.move(temp, database, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private String servedRegion(String clientAddress) {
    var request = gateway.client().get().uri("/where");
    if (clientAddress != null) {
      request = request.header("X-Forwarded-For", clientAddress);
    }
    return request
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }

  @Test
  void theClientsCountryOrContinentPicksTheRegion() {
    for (int i = 0; i < 5; i++) {
      assertThat(servedRegion(AMERICAN)).as("US → us-east").isEqualTo("us-east");
      assertThat(servedRegion(GERMAN)).as("DE → continent EU → eu-west").isEqualTo("eu-west");
      assertThat(servedRegion("192.0.2.1"))
          .as("not in the database: the gateway's region")
          .isEqualTo("eu-west");
      assertThat(servedRegion(null)).as("the proxy itself").isEqualTo("eu-west");
    }
  }

  @Test
  void anUpdatedDatabaseIsPickedUpAndABrokenOneKeepsTheRunningOne() throws IOException {
    assertThat(servedRegion(GERMAN)).isEqualTo("eu-west");

    replaceDatabase(
        new MmdbWriter("GeoLite2-Country")
            .put("198.51.100.0/24", place("US", "NA"))
            .put("203.0.113.0/24", place("US", "NA")));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(servedRegion(GERMAN)).isEqualTo("us-east"));
    assertThat(gateway.counter("portico.config.reload", "result", "applied")).isEqualTo(1.0);

    replaceDatabase("not a database".getBytes());

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> gateway.counter("portico.config.reload", "result", "rejected") == 1.0);
    assertThat(servedRegion(GERMAN)).as("the running database stays").isEqualTo("us-east");
    assertThat(servedRegion(AMERICAN)).isEqualTo("us-east");
    assertThat(gateway.counter("portico.config.reload", "result", "applied")).isEqualTo(1.0);
  }
}
