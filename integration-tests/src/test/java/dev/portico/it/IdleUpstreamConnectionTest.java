package dev.portico.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portico.config.model.UpstreamPool;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pooled-connection race behind reactor-netty's {@code PrematureCloseException}: an upstream
 * closes idle keep-alive connections after a timeout, and a gateway that reuses a connection idle
 * for longer gets no answer. Portico retires idle pooled connections first.
 */
class IdleUpstreamConnectionTest {

  private static final long UPSTREAM_KEEP_ALIVE_MS = 800;

  private static String config(int port, String maxIdleTime) {
    return """
        gateway:
          upstream-pool: { max-idle-time: %s, max-life-time: 10m }
        upstreams:
          app: { endpoints: [ { url: "http://127.0.0.1:%d" } ] }
        routes:
          - { id: app, match: { path: /** }, upstream: app, public: true }
        """
        .formatted(maxIdleTime, port);
  }

  /** Waits past the upstream's keep-alive timeout without blocking on a sleep call. */
  private static void idleLongerThanTheUpstreamKeepAlive() {
    long start = System.nanoTime();
    await()
        .pollInterval(Duration.ofMillis(50))
        .atMost(Duration.ofSeconds(5))
        .until(() -> (System.nanoTime() - start) / 1_000_000 > UPSTREAM_KEEP_ALIVE_MS + 400);
  }

  @Test
  void connectionsIdleLongerThanMaxIdleTimeAreNotReused(@TempDir Path dir) throws Exception {
    try (var upstream = new KeepAliveClosingUpstream(UPSTREAM_KEEP_ALIVE_MS);
        var gateway = PorticoGateway.start(dir, config(upstream.port(), "500ms"))) {
      gateway.client().get().uri("/first").exchange().expectStatus().isOk();
      idleLongerThanTheUpstreamKeepAlive();
      gateway.client().get().uri("/second").exchange().expectStatus().isOk();
      assertThat(upstream.connections()).isEqualTo(2);
    }
  }

  @Test
  void withoutIdleRetirementTheReusedConnectionFailsWith502(@TempDir Path dir) throws Exception {
    // The control experiment: the same upstream, but a pool that keeps idle connections for a
    // long time, shows the failure the default prevents.
    try (var upstream = new KeepAliveClosingUpstream(UPSTREAM_KEEP_ALIVE_MS);
        var gateway = PorticoGateway.start(dir, config(upstream.port(), "5m"))) {
      gateway.client().get().uri("/first").exchange().expectStatus().isOk();
      idleLongerThanTheUpstreamKeepAlive();
      gateway
          .client()
          .get()
          .uri("/second")
          .exchange()
          .expectStatus()
          .isEqualTo(502)
          .expectBody()
          .jsonPath("$.type")
          .isEqualTo("https://portico.dev/problems/upstream-reset");
      assertThat(upstream.connections()).isEqualTo(1);
    }
  }

  @Test
  void defaultMaxIdleTimeIsBelowTheShortestCommonUpstreamKeepAlive() throws Exception {
    // Node.js, uvicorn and Apache httpd close idle keep-alive connections after 5 seconds.
    var config =
        dev.portico.config.ConfigLoader.parse(
            "t.yaml", config(1, "4s").replace("max-idle-time: 4s, ", ""));
    UpstreamPool pool = config.config().gateway().upstreamPool();
    assertThat(pool.maxIdleTime()).isLessThan(Duration.ofSeconds(5));
  }
}
