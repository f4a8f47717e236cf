package dev.portico.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.model.RedisMode;
import dev.portico.config.model.StoreFailureMode;
import dev.portico.testing.redis.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GCRA in a real standalone redis-server, through two independent connections (two gateways). */
class RedisRateLimiterTest {

  private static final long SECOND = 1_000_000_000L;

  private static RedisServer redis;
  private static ScheduledExecutorService scheduler;
  private static RedisStore gatewayA;
  private static RedisStore gatewayB;

  @BeforeAll
  static void start() {
    redis = RedisServer.startStandalone();
    scheduler = RedisFixtures.scheduler();
    var settings = RedisFixtures.settings(RedisMode.STANDALONE, List.of(redis.uri()));
    gatewayA = RedisFixtures.connected(settings, scheduler);
    gatewayB = RedisFixtures.connected(settings, scheduler);
  }

  @AfterAll
  static void stop() {
    for (RedisStore gateway : new RedisStore[] {gatewayA, gatewayB}) {
      if (gateway != null) {
        gateway.close();
      }
    }
    scheduler.shutdownNow();
    redis.close();
  }

  private static RateDecision decide(RedisStore store, String key, SharedLimit limit)
      throws Exception {
    return new RedisRateLimiter(store).decide(key, limit).get(5, TimeUnit.SECONDS);
  }

  @Test
  void burstPassesAtOnceAndTheNextWaitsOneInterval() throws Exception {
    SharedLimit limit = RedisFixtures.limit(StoreFailureMode.OPEN, 5, "10/min");
    List<RateDecision> decisions = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      decisions.add(decide(gatewayA, "burst", limit));
    }
    assertThat(decisions.subList(0, 5)).allMatch(RateDecision::allowed);
    assertThat(decisions.get(0).remaining()).containsExactly(4);
    assertThat(decisions.get(4).remaining()).containsExactly(0);
    RateDecision refused = decisions.get(5);
    assertThat(refused.allowed()).isFalse();
    // One interval of 10/min is 6 s; a few ms have passed since the burst began.
    assertThat(refused.retryAfterNanos()).isBetween(5 * SECOND, 6 * SECOND);
    assertThat(refused.resetNanos()[0]).isBetween(29 * SECOND, 30 * SECOND);
  }

  @Test
  void twoGatewaysShareOneCount() throws Exception {
    SharedLimit limit = RedisFixtures.limit(StoreFailureMode.OPEN, 4, "4/h");
    int admitted = 0;
    for (int i = 0; i < 10; i++) {
      RedisStore gateway = i % 2 == 0 ? gatewayA : gatewayB;
      admitted += decide(gateway, "shared", limit).allowed() ? 1 : 0;
    }
    assertThat(admitted).isEqualTo(4);
  }

  @Test
  void concurrentRequestsFromTwoGatewaysAdmitExactlyTheBurst() throws Exception {
    SharedLimit limit = RedisFixtures.limit(StoreFailureMode.OPEN, 50, "50/h");
    List<CompletableFuture<RateDecision>> pending = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      RedisStore gateway = i % 2 == 0 ? gatewayA : gatewayB;
      pending.add(new RedisRateLimiter(gateway).decide("concurrent", limit));
    }
    long admitted = 0;
    for (CompletableFuture<RateDecision> decision : pending) {
      admitted += decision.get(10, TimeUnit.SECONDS).allowed() ? 1 : 0;
    }
    assertThat(admitted).isEqualTo(50);
  }

  @Test
  void aRequestRefusedByOneLimitCostsNothingInTheOthers() throws Exception {
    SharedLimit limit = RedisFixtures.limit(StoreFailureMode.OPEN, 2, "2/s", "100/h");
    for (int i = 0; i < 10; i++) {
      decide(gatewayA, "multi", limit);
    }
    // Two admitted (two hourly intervals of 36 s); the eight refused by 2/s left the hourly
    // limit untouched, or it would reset only after ten intervals.
    RateDecision next = decide(gatewayA, "multi", limit);
    assertThat(next.allowed()).isFalse();
    assertThat(next.resetNanos()[1]).isBetween(71 * SECOND, 72 * SECOND);
  }

  @Test
  void keysCarryAHashTagAndExpireWhenTheLimitHasRecovered() throws Exception {
    SharedLimit limit = RedisFixtures.limit(StoreFailureMode.OPEN, 1, "1/s", "10/min");
    decide(gatewayA, "tagged", limit);
    assertThat(redis.command("EXISTS", "test:rl:{tagged}:0", "test:rl:{tagged}:1")).isEqualTo(2L);
    assertThat((Long) redis.command("PTTL", "test:rl:{tagged}:0")).isBetween(1L, 1000L);
    assertThat((Long) redis.command("PTTL", "test:rl:{tagged}:1")).isBetween(5000L, 6000L);
  }

  @Test
  void aFlushedScriptCacheIsRefilledWithoutAFailedDecision() throws Exception {
    SharedLimit limit = RedisFixtures.limit(StoreFailureMode.OPEN, 3, "3/h");
    assertThat(decide(gatewayA, "flushed", limit).allowed()).isTrue();
    redis.command("SCRIPT", "FLUSH");
    assertThat(redis.command("SCRIPT", "EXISTS", RedisScript.GCRA.sha1())).isEqualTo(List.of(0L));
    RateDecision decision = decide(gatewayA, "flushed", limit);
    assertThat(decision.allowed()).isTrue();
    assertThat(decision.remaining()).containsExactly(1);
    assertThat(redis.command("SCRIPT", "EXISTS", RedisScript.GCRA.sha1())).isEqualTo(List.of(1L));
  }

  @Test
  void censusCountsEveryAnnouncingGateway() {
    try (ReplicaCensus a = new ReplicaCensus(null, gatewayA, scheduler);
        ReplicaCensus b = new ReplicaCensus(null, gatewayB, scheduler)) {
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                a.announce();
                assertThat(a.replicas()).isEqualTo(2);
              });
    }
  }

  @Test
  void aConfiguredReplicaCountWinsOverTheCensus() {
    try (ReplicaCensus census = new ReplicaCensus(4, gatewayA, scheduler)) {
      assertThat(census.replicas()).isEqualTo(4);
    }
  }
}
