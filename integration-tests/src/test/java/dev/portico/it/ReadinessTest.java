package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness on the management port waits for every issuer's first key fetch (or the configured
 * grace); liveness does not. The issuer is a real HTTP server whose key endpoint fails, then
 * answers.
 */
class ReadinessTest {

  static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  WireMockServer idp;
  PorticoGateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (idp != null) {
      idp.stop();
    }
  }

  private void startIdpFailing() {
    idp = Upstreams.wiremock();
    idp.stubFor(get(urlEqualTo("/certs")).willReturn(aResponse().withStatus(503)));
  }

  private void startIdpOn(int port) {
    idp =
        new WireMockServer(
            com.github.tomakehurst.wiremock.core.WireMockConfiguration.options()
                .port(port)
                .bindAddress("127.0.0.1"));
    idp.start();
  }

  private void idpAnswers() throws Exception {
    String jwks =
        new JWKSet(new RSAKeyGenerator(2048).keyID("k1").generate().toPublicJWK()).toString();
    idp.stubFor(
        get(urlEqualTo("/certs"))
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(jwks)));
  }

  private void startGateway(Path dir, String grace) {
    startGateway(dir, grace, idp.port());
  }

  private void startGateway(Path dir, String grace, int idpPort) {
    gateway =
        PorticoGateway.start(
            dir,
            """
            gateway:
              default-policy: allow
              management: { readiness: { jwks-grace: %3$s } }
            issuers:
              idp:
                issuer: "http://127.0.0.1:%1$d"
                jwks-uri: "http://127.0.0.1:%1$d/certs"
                jwks: { refresh-interval: 500ms, fetch-timeout: 500ms }
              local:
                issuer: https://local.example
                shared-secret: "0123456789abcdef0123456789abcdef"
            upstreams:
              app: { endpoints: [ { url: "http://127.0.0.1:%2$d" } ] }
            routes:
              - id: api
                match: { path: /** }
                upstream: app
                auth: { bearer: { issuers: [idp, local] } }
            """
                .formatted(idpPort, Upstreams.closedPort(), grace));
  }

  @Test
  void notReadyWhileTheIssuerIsUnreachableThenReadyOnceItAnswers(@TempDir Path dir)
      throws Exception {
    int idpPort = Upstreams.closedPort();
    startGateway(dir, "1h", idpPort);

    // Several fetches fail (nothing listens): not ready, while the process is alive.
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                gateway.counter("portico.auth.jwks.fetches", "issuer", "idp", "result", "failure")
                    >= 3);
    assertThat(status("/actuator/health/readiness")).isEqualTo(503);
    assertThat(status("/actuator/health/liveness")).isEqualTo(200);

    startIdpOn(idpPort);
    idpAnswers();

    await().atMost(Duration.ofSeconds(15)).until(() -> status("/actuator/health/readiness") == 200);
    assertThat(status("/actuator/health/liveness")).isEqualTo(200);
  }

  @Test
  void notReadyWhileTheIssuersKeyEndpointFails(@TempDir Path dir) throws Exception {
    startIdpFailing();
    startGateway(dir, "1h");

    await().atMost(Duration.ofSeconds(10)).until(() -> idp.getAllServeEvents().size() >= 3);
    assertThat(status("/actuator/health/readiness")).isEqualTo(503);
    assertThat(status("/actuator/health")).isEqualTo(503);

    idpAnswers();

    await().atMost(Duration.ofSeconds(15)).until(() -> status("/actuator/health/readiness") == 200);
  }

  @Test
  void readyOnceTheGraceHasPassedEvenIfKeysNeverArrive(@TempDir Path dir) {
    startIdpFailing();
    startGateway(dir, "3s");

    assertThat(status("/actuator/health/readiness")).isEqualTo(503);
    await().atMost(Duration.ofSeconds(15)).until(() -> status("/actuator/health/readiness") == 200);
    assertThat(idp.getAllServeEvents()).allMatch(e -> e.getResponse().getStatus() == 503);
  }

  @Test
  void staysReadyWhenTheIssuerFailsLater(@TempDir Path dir) throws Exception {
    startIdpFailing();
    idpAnswers();
    startGateway(dir, "1h");
    await().atMost(Duration.ofSeconds(15)).until(() -> status("/actuator/health/readiness") == 200);

    idp.resetAll();
    idp.stubFor(get(urlEqualTo("/certs")).willReturn(aResponse().withStatus(503)));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                idp.getAllServeEvents().stream().anyMatch(e -> e.getResponse().getStatus() == 503));

    assertThat(status("/actuator/health/readiness")).isEqualTo(200);
  }

  private int status(String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + gateway.managementPort() + path))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
