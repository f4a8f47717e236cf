package dev.portico.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.portico.config.model.RedisMode;
import dev.portico.config.model.StoreFailureMode;
import dev.portico.testing.redis.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The failure modes against a real redis-server that is killed (SIGKILL) and started again: open
 * admits, closed refuses, local enforces this gateway's warm share; one log line per outage; shared
 * counting resumes by itself.
 */
class SharedRateLimiterFaultTest {

  private RedisServer redis;
  private ScheduledExecutorService scheduler;
  private RedisStore store;
  private SharedRateLimiter limiter;
  private StoreOutage outage;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger("portico.ratelimit");

  @BeforeEach
  void start() {
    redis = RedisServer.startStandalone();
    scheduler = RedisFixtures.scheduler();
    store =
        RedisFixtures.connected(
            RedisFixtures.settings(RedisMode.STANDALONE, List.of(redis.uri())), scheduler);
    outage = new StoreOutage(Clock.systemUTC());
    limiter =
        new SharedRateLimiter(
            new RedisRateLimiter(store),
            new LocalRateLimiter(1000, System::nanoTime),
            new ReplicaCensus(2, store, scheduler),
            outage);
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(logs);
    store.close();
    scheduler.shutdownNow();
    redis.close();
  }

  private StoreDecision decide(String key, SharedLimit limit) throws Exception {
    return limiter.decide(key, limit).get(5, TimeUnit.SECONDS);
  }

  private int admitted(String key, SharedLimit limit, int requests) throws Exception {
    int admitted = 0;
    for (int i = 0; i < requests; i++) {
      admitted += decide(key, limit).decision().allowed() ? 1 : 0;
    }
    return admitted;
  }

  private List<String> messages(Level level) {
    return logs.list.stream()
        .filter(event -> event.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  @Test
  void openAdmitsEveryRequestUncountedWhileRedisIsDown() throws Exception {
    SharedLimit limit = RedisFixtures.limit(StoreFailureMode.OPEN, 2, "2/h");
    assertThat(admitted("open", limit, 3)).isEqualTo(2);
    redis.kill();
    for (int i = 0; i < 20; i++) {
      StoreDecision decision = decide("open", limit);
      assertThat(decision.fallback()).isEqualTo(StoreFailureMode.OPEN);
      assertThat(decision.decision().allowed()).isTrue();
      assertThat(decision.decision().uncounted()).isTrue();
    }
    assertThat(outage.up()).isFalse();
    assertThat(outage.fallbacks(StoreFailureMode.OPEN)).isEqualTo(20);
  }

  @Test
  void closedRefusesEveryRequestWhileRedisIsDown() throws Exception {
    SharedLimit limit = RedisFixtures.limit(StoreFailureMode.CLOSED, 100, "100/s");
    assertThat(decide("closed", limit).decision().allowed()).isTrue();
    redis.kill();
    StoreDecision decision = decide("closed", limit);
    assertThat(decision.storeUnavailable()).isTrue();
    assertThat(decision.decision().allowed()).isFalse();
    assertThat(outage.fallbacks(StoreFailureMode.CLOSED)).isEqualTo(1);
  }

  @Test
  void localEnforcesThisGatewaysWarmShareWhileRedisIsDown() throws Exception {
    // 10/h with burst 10 across 2 replicas: this gateway's share is 5/h, burst 5.
    SharedLimit limit = RedisFixtures.limit(StoreFailureMode.LOCAL, 10, "10/h");
    assertThat(admitted("local", limit, 3)).isEqualTo(3);
    redis.kill();
    // The local limiter saw the 3 requests already, so only 2 more fit the share.
    assertThat(admitted("local", limit, 10)).isEqualTo(2);
    assertThat(outage.fallbacks(StoreFailureMode.LOCAL)).isEqualTo(10);
  }

  @Test
  void anOutageIsLoggedOnceWhenItBeginsAndOnceWhenItEnds() throws Exception {
    SharedLimit limit = RedisFixtures.limit(StoreFailureMode.OPEN, 1000, "1000/s");
    decide("logged", limit);
    redis.kill();
    for (int i = 0; i < 50; i++) {
      decide("logged", limit);
    }
    assertThat(messages(Level.WARN))
        .singleElement()
        .satisfies(message -> assertThat(message).contains("not answering"));
    assertThat(outage.incidents()).isEqualTo(1);
    redis.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> decide("logged", limit).fallback() == null);
    assertThat(messages(Level.INFO))
        .singleElement()
        .satisfies(message -> assertThat(message).contains("answering again"));
    assertThat(outage.up()).isTrue();
    assertThat(outage.incidents()).isEqualTo(1);
  }

  @Test
  void sharedCountingResumesWhenRedisIsBack() throws Exception {
    SharedLimit limit = RedisFixtures.limit(StoreFailureMode.OPEN, 3, "3/h");
    redis.kill();
    assertThat(decide("resumes", limit).fallback()).isEqualTo(StoreFailureMode.OPEN);
    redis.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> decide("probe", limit).fallback() == null);
    // A fresh Redis (no persistence) counts from zero, and counts again.
    assertThat(admitted("resumes", limit, 5)).isEqualTo(3);
    assertThat(redis.command("EXISTS", "test:rl:{resumes}:0")).isEqualTo(1L);
  }

  @Test
  void aGatewayStartedWhileRedisIsDownFallsBackAndConnectsWhenRedisComesUp() throws Exception {
    redis.kill();
    RedisStore late =
        RedisStore.start(
            RedisFixtures.settings(RedisMode.STANDALONE, List.of(redis.uri())), scheduler);
    try {
      SharedRateLimiter lateLimiter =
          new SharedRateLimiter(
              new RedisRateLimiter(late),
              new LocalRateLimiter(1000, System::nanoTime),
              new ReplicaCensus(1, late, scheduler),
              outage);
      SharedLimit limit = RedisFixtures.limit(StoreFailureMode.CLOSED, 5, "5/h");
      assertThat(lateLimiter.decide("late", limit).get(5, TimeUnit.SECONDS).storeUnavailable())
          .isTrue();
      redis.start();
      await().atMost(Duration.ofSeconds(20)).until(late::connected);
      StoreDecision decision = lateLimiter.decide("late", limit).get(5, TimeUnit.SECONDS);
      assertThat(decision.fallback()).isNull();
      assertThat(decision.decision().remaining()).containsExactly(4);
    } finally {
      late.close();
    }
  }
}
