package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace collector that cannot be reached costs the requests nothing: they succeed, trace headers
 * still go upstream, and the lost spans are counted.
 */
class TracingCollectorDownTest {

  private static WireMockServer upstream;
  private static PorticoGateway gateway;

  @BeforeAll
  static void start(@TempDir Path dir) {
    upstream = Upstreams.wiremock();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    gateway =
        PorticoGateway.start(
            dir,
            """
            gateway:
              tracing:
                enabled: true
                sampling-percent: 100
                exporter: zipkin
                endpoint: "http://127.0.0.1:%2$d/api/v2/spans"
            upstreams:
              app: { endpoints: [ { url: "http://127.0.0.1:%1$d" } ] }
            routes:
              - { id: public, match: { path: /public/** }, upstream: app, public: true }
            """
                .formatted(upstream.port(), Upstreams.closedPort()));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (upstream != null) {
      upstream.stop();
    }
  }

  @Test
  void requestsSucceedWhileTheCollectorIsDownAndTheLostSpansAreCounted() {
    for (int i = 0; i < 5; i++) {
      gateway.client().get().uri("/public/" + i).exchange().expectStatus().isOk();
    }
    List<LoggedRequest> sent = upstream.findAll(anyRequestedFor(anyUrl()));
    assertThat(sent).hasSizeGreaterThanOrEqualTo(5);
    assertThat(sent)
        .allSatisfy(
            request ->
                assertThat(request.getHeader("traceparent"))
                    .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(failed())
                    .as("server and client span of each request counted as lost")
                    .isGreaterThanOrEqualTo(10));
    gateway.client().get().uri("/public/after").exchange().expectStatus().isOk();
    assertThat(
            gateway.counter(
                "portico.tracing.spans.exported", "exporter", "zipkin", "outcome", "success"))
        .isZero();
  }

  @Test
  void tracingAddsNoRequestMetersOfItsOwn() {
    gateway.client().get().uri("/public/meters").exchange().expectStatus().isOk();
    assertThat(gateway.meters().getMeters())
        .extracting(meter -> meter.getId().getName())
        .filteredOn(
            name ->
                name.startsWith("http.server.requests")
                    || name.startsWith("http.client.requests")
                    || name.startsWith("spring.cloud.gateway")
                    || name.startsWith("traces"))
        .isEmpty();
  }

  private static double failed() {
    return gateway.counter(
        "portico.tracing.spans.exported", "exporter", "zipkin", "outcome", "failure");
  }
}
