package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Metrics and health live on the management port, which never routes traffic. */
class ManagementPortTest {

  static WireMockServer upstream;
  static PorticoGateway gateway;
  static WebTestClient management;

  @BeforeAll
  static void start(@TempDir Path dir) {
    upstream = Upstreams.wiremock();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    gateway =
        PorticoGateway.start(
            dir,
            """
            upstreams:
              app: { endpoints: [ { url: "http://127.0.0.1:%d" } ] }
            routes:
              - { id: everything, match: { path: /** }, upstream: app, public: true }
            """
                .formatted(upstream.port()));
    management = PorticoGateway.client("http://127.0.0.1:" + gateway.managementPort());
  }

  @org.junit.jupiter.api.BeforeEach
  void forgetRequests() {
    upstream.resetRequests();
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.stop();
  }

  @Test
  void prometheusEndpointExposesReloadMetrics() {
    String body =
        management
            .get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(body)
        .contains("portico_config_reload_total{result=\"rejected\"}")
        .contains("portico_config_last_success_timestamp_seconds");
  }

  @Test
  void healthIsUp() {
    management
        .get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP");
  }

  @Test
  void managementPortDoesNotRouteToUpstreams() {
    management.get().uri("/orders/1").exchange().expectStatus().isNotFound();
    assertThat(upstream.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void publicPortDoesNotServeActuator() {
    gateway.client().get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    assertThat(upstream.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
  }
}
