package dev.portico.testing.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture runs a real Prometheus that scrapes a target, answers queries, and is gone (process
 * and port) after close; promtool reports broken rules.
 */
class PrometheusServerTest {

  private HttpServer target;

  @BeforeEach
  void startTarget() throws Exception {
    target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    target.createContext(
        "/actuator/prometheus",
        exchange -> {
          byte[] body = "fixture_answer 42\n".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    target.start();
  }

  @AfterEach
  void stopTarget() {
    target.stop(0);
  }

  @Test
  void scrapesTheTargetAnswersQueriesAndIsGoneAfterClose() throws Exception {
    PrometheusServer prometheus =
        PrometheusServer.start(List.of("127.0.0.1:" + target.getAddress().getPort()), List.of());
    long pid = prometheus.pid();
    int port = prometheus.port();
    try {
      assertThat(port).isNotEqualTo(9090);
      awaitQuery(prometheus, "fixture_answer", "\"42\"");
    } finally {
      prometheus.close();
    }

    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(listening(port)).isFalse();
  }

  @Test
  void promtoolRejectsRulesWithABrokenExpression(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("broken.yml");
    Files.writeString(
        rules,
        """
        groups:
          - name: broken
            rules:
              - alert: Broken
                expr: sum by (route (rate(x[5m]))
        """);

    PrometheusServer.PromtoolResult result =
        PrometheusServer.promtool("check", "rules", rules.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("FAILED");
  }

  private static void awaitQuery(PrometheusServer prometheus, String query, String expected) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(prometheus.query(query)).contains(expected));
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
