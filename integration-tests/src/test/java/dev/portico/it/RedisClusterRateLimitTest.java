package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.testing.redis.RedisCluster;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two Portico instances sharing a real three-master Redis Cluster, each knowing one seed node. */
class RedisClusterRateLimitTest {

  static RedisCluster cluster;
  static WireMockServer upstream;
  static PorticoGateway first;
  static PorticoGateway second;

  static String config(String seed, int upstreamPort) {
    return """
        gateway:
          rate-limiting:
            store: redis
            redis: { mode: cluster, nodes: ["%1$s"], timeout: 250ms }
        rate-limits:
          per-user: { limits: [15/h, 1000/min], burst: 15, key: [header:X-User, route] }
        upstreams:
          app: { endpoints: [ { url: "http://127.0.0.1:%2$d" } ] }
        routes:
          - { id: api, match: { path: /api/** }, upstream: app, public: true, rate-limits: [per-user] }
        """
        .formatted(seed, upstreamPort);
  }

  @BeforeAll
  static void start(@TempDir Path firstDir, @TempDir Path secondDir) {
    cluster = RedisCluster.startThreeMasters();
    upstream = Upstreams.wiremock();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    first = PorticoGateway.start(firstDir, config(cluster.uris().get(0), upstream.port()));
    second = PorticoGateway.start(secondDir, config(cluster.uris().get(1), upstream.port()));
    for (PorticoGateway gateway : List.of(first, second)) {
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  RedisRateLimitTest.metric(gateway, "portico_ratelimit_store_up{store=\"redis\"}")
                      == 1.0);
    }
  }

  @AfterAll
  static void stop() {
    for (PorticoGateway gateway : new PorticoGateway[] {first, second}) {
      if (gateway != null) {
        gateway.close();
      }
    }
    upstream.stop();
    cluster.close();
  }

  @Test
  void concurrentLoadThroughTwoGatewaysAdmitsExactlyTheLimitPerUserOnEveryMaster() {
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      users.add("user-" + i);
    }
    List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
    List<String> userOf = new ArrayList<>();
    for (int i = 0; i < 320; i++) {
      String user = users.get(i % users.size());
      pending.add(RedisRateLimitTest.send(i % 2 == 0 ? first : second, "/api/x", user));
      userOf.add(user);
    }
    Map<String, Integer> admitted = new HashMap<>();
    Map<Integer, Integer> statuses = new HashMap<>();
    for (int i = 0; i < pending.size(); i++) {
      int status = pending.get(i).join().statusCode();
      statuses.merge(status, 1, Integer::sum);
      if (status == 200) {
        admitted.merge(userOf.get(i), 1, Integer::sum);
      }
    }
    assertThat(statuses).containsOnlyKeys(200, 429);
    assertThat(admitted).hasSize(users.size()).allSatisfy((user, n) -> assertThat(n).isEqualTo(15));
    // The users' keys are spread over the masters: every master holds some.
    for (var node : cluster.nodes()) {
      assertThat((Long) node.command("DBSIZE")).isPositive();
    }
  }
}
