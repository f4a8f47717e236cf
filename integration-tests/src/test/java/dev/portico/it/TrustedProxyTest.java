package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request through a trusted proxy (the test client on loopback plays the load balancer). */
class TrustedProxyTest {

  static WireMockServer upstream;
  static PorticoGateway gateway;

  @BeforeAll
  static void start(@TempDir Path dir) {
    upstream = Upstreams.wiremock();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    gateway =
        PorticoGateway.start(
            dir,
            """
            gateway:
              trusted-proxies: [127.0.0.0/8, "::1"]
            upstreams:
              app: { endpoints: [ { url: "http://127.0.0.1:%d" } ] }
            routes:
              - { id: all, match: { path: /** }, upstream: app, public: true }
            """
                .formatted(upstream.port()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.stop();
  }

  @Test
  void forwardingHeadersFromATrustedProxyAreKeptAndExtended() {
    gateway
        .client()
        .get()
        .uri("/x")
        .header("X-Forwarded-For", "203.0.113.9, 10.1.2.3")
        .header("X-Forwarded-Proto", "https")
        .header("X-Forwarded-Host", "api.example.com")
        .header("X-Forwarded-Port", "443")
        .header("Forwarded", "for=203.0.113.9;proto=https")
        .header("X-Forwarded-Prefix", "/edge")
        .exchange()
        .expectStatus()
        .isOk();
    LoggedRequest request = upstream.findAll(anyRequestedFor(anyUrl())).get(0);
    assertThat(request.getHeader("X-Forwarded-For")).isEqualTo("203.0.113.9, 10.1.2.3, 127.0.0.1");
    assertThat(request.getHeader("X-Forwarded-Proto")).isEqualTo("https");
    assertThat(request.getHeader("X-Forwarded-Host")).isEqualTo("api.example.com");
    assertThat(request.getHeader("X-Forwarded-Port")).isEqualTo("443");
    assertThat(request.getHeader("Forwarded"))
        .isEqualTo(
            "for=203.0.113.9;proto=https, for=127.0.0.1;proto=http;host=\"127.0.0.1:"
                + gateway.port()
                + "\"");
    // Only the four X-Forwarded headers Portico writes reach the upstream, even from a proxy.
    assertThat(request.containsHeader("X-Forwarded-Prefix")).isFalse();
  }
}
