package dev.portico.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.model.RedisMode;
import dev.portico.config.model.StoreFailureMode;
import dev.portico.testing.redis.RedisCluster;
import dev.portico.testing.redis.RedisServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GCRA on a real three-master Redis Cluster, through two independent cluster connections. */
class RedisClusterRateLimiterTest {

  private static RedisCluster cluster;
  private static ScheduledExecutorService scheduler;
  private static RedisStore gatewayA;
  private static RedisStore gatewayB;

  @BeforeAll
  static void start() {
    cluster = RedisCluster.startThreeMasters();
    scheduler = RedisFixtures.scheduler();
    // Each gateway knows only one seed node; the topology is discovered.
    gatewayA =
        RedisFixtures.connected(
            RedisFixtures.settings(RedisMode.CLUSTER, List.of(cluster.uris().get(0))), scheduler);
    gatewayB =
        RedisFixtures.connected(
            RedisFixtures.settings(RedisMode.CLUSTER, List.of(cluster.uris().get(2))), scheduler);
  }

  @AfterAll
  static void stop() {
    for (RedisStore gateway : new RedisStore[] {gatewayA, gatewayB}) {
      if (gateway != null) {
        gateway.close();
      }
    }
    scheduler.shutdownNow();
    cluster.close();
  }

  @Test
  void aMultiLimitDecisionRunsInOneSlotOnTheOwningMaster() throws Exception {
    SharedLimit limit = RedisFixtures.limit(StoreFailureMode.OPEN, 2, "2/s", "100/h");
    Set<Integer> owners = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      String key = "user-" + i;
      RateDecision decision =
          new RedisRateLimiter(gatewayA).decide(key, limit).get(5, TimeUnit.SECONDS);
      assertThat(decision.allowed()).isTrue();
      int owner = cluster.ownerOf("test:rl:{" + key + "}:0");
      RedisServer node =
          cluster.nodes().stream().filter(n -> n.port() == owner).findFirst().orElseThrow();
      assertThat(node.command("EXISTS", "test:rl:{" + key + "}:0", "test:rl:{" + key + "}:1"))
          .isEqualTo(2L);
      owners.add(owner);
    }
    // Thirty keys spread over all three masters.
    assertThat(owners).hasSize(3);
  }

  @Test
  void concurrentRequestsFromTwoGatewaysAdmitExactlyTheBurstPerKey() throws Exception {
    SharedLimit limit = RedisFixtures.limit(StoreFailureMode.OPEN, 20, "20/h");
    List<String> keys = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot");
    List<CompletableFuture<RateDecision>> pending = new ArrayList<>();
    List<String> keyOf = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      String key = keys.get(i % keys.size());
      RedisStore gateway = (i / keys.size()) % 2 == 0 ? gatewayA : gatewayB;
      pending.add(new RedisRateLimiter(gateway).decide(key, limit));
      keyOf.add(key);
    }
    java.util.Map<String, Integer> admitted = new java.util.HashMap<>();
    for (int i = 0; i < pending.size(); i++) {
      if (pending.get(i).get(10, TimeUnit.SECONDS).allowed()) {
        admitted.merge(keyOf.get(i), 1, Integer::sum);
      }
    }
    assertThat(admitted).hasSize(keys.size()).allSatisfy((key, n) -> assertThat(n).isEqualTo(20));
  }
}
