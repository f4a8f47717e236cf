package dev.portico.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.model.Rate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** GCRA through the local store, on an injected clock. */
class LocalRateLimiterTest {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(1_000 * SECOND);
  private final LocalRateLimiter limiter = new LocalRateLimiter(1_000, now::get);

  private static LimitSet limits(int burst, String... rates) {
    return LimitSet.of("p", List.of(rates).stream().map(Rate::parse).toList(), burst);
  }

  private int admitted(LimitSet limits, String key, int requests) {
    int admitted = 0;
    for (int i = 0; i < requests; i++) {
      if (limiter.decide(key, limits).allowed()) {
        admitted++;
      }
    }
    return admitted;
  }

  private void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  @Test
  void burstRequestsPassAtOnceThenOneEveryInterval() {
    LimitSet tenPerSecond = limits(5, "10/s");

    assertThat(admitted(tenPerSecond, "k", 8)).isEqualTo(5);
    advance(Duration.ofMillis(99));
    assertThat(admitted(tenPerSecond, "k", 1)).isZero();
    advance(Duration.ofMillis(1));
    assertThat(admitted(tenPerSecond, "k", 2)).isEqualTo(1);
  }

  @Test
  void aWindowNeverAdmitsMoreThanBurstPlusRateTimesItsLength() {
    LimitSet hundredPerMinute = limits(10, "100/min");
    int admitted = 0;
    // One attempt every 100 ms for a minute, starting with a full burst.
    for (int i = 0; i < 600; i++) {
      admitted += admitted(hundredPerMinute, "k", 1);
      advance(Duration.ofMillis(100));
    }
    // burst + rate × window: 10 + 100, never 2 × 100 at a window's edge.
    assertThat(admitted).isBetween(100, 110);
  }

  @Test
  void theEdgeOfAFixedWindowIsNoLoophole() {
    LimitSet fivePerMinute = limits(5, "5/min");

    assertThat(admitted(fivePerMinute, "k", 5)).isEqualTo(5);
    // A fixed-window counter would reset here and admit five more.
    advance(Duration.ofSeconds(59));
    assertThat(admitted(fivePerMinute, "k", 5)).isEqualTo(4);
    advance(Duration.ofSeconds(2));
    // 61 s after the start, 5 + 4 + 1 = burst + 5/min × 61 s, rounded down.
    assertThat(admitted(fivePerMinute, "k", 5)).isEqualTo(1);
    advance(Duration.ofSeconds(10));
    assertThat(admitted(fivePerMinute, "k", 5)).isZero();
    advance(Duration.ofSeconds(1));
    assertThat(admitted(fivePerMinute, "k", 5)).isEqualTo(1);
  }

  @Test
  void longWindowsAndScientificCountsWork() {
    LimitSet millionPerDay = limits(1, "1e6/day");
    long interval = Duration.ofDays(1).toNanos() / 1_000_000;

    assertThat(millionPerDay.get(0).intervalNanos()).isEqualTo(interval);
    assertThat(admitted(millionPerDay, "k", 3)).isEqualTo(1);
    now.addAndGet(interval);
    assertThat(admitted(millionPerDay, "k", 3)).isEqualTo(1);
  }

  @Test
  void allLimitsApplyAndARefusalCostsNothing() {
    LimitSet both = limits(2, "2/s", "3/min");

    assertThat(admitted(both, "k", 2)).isEqualTo(2);
    RateDecision refused = limiter.decide("k", both);
    assertThat(refused.allowed()).isFalse();
    advance(Duration.ofSeconds(1));
    // The per-second limit has recovered; the per-minute one has spent its burst of 2 and
    // admits the next request only 20 s after the first.
    assertThat(admitted(both, "k", 1)).isEqualTo(0);
    advance(Duration.ofSeconds(19));
    assertThat(admitted(both, "k", 3)).isEqualTo(1);
  }

  @Test
  void remainingResetAndRetryAfterDescribeTheState() {
    LimitSet limits = limits(3, "1/s");

    RateDecision first = limiter.decide("k", limits);
    assertThat(first.allowed()).isTrue();
    assertThat(first.remaining()).containsExactly(2);
    assertThat(first.resetNanos()).containsExactly(SECOND);
    limiter.decide("k", limits);
    RateDecision third = limiter.decide("k", limits);
    assertThat(third.remaining()).containsExactly(0);
    assertThat(third.resetNanos()).containsExactly(3 * SECOND);
    RateDecision refused = limiter.decide("k", limits);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterNanos()).isEqualTo(SECOND);
    assertThat(refused.remaining()).containsExactly(0);
  }

  @Test
  void keysAreCountedSeparately() {
    LimitSet one = limits(1, "1/min");

    assertThat(admitted(one, "alice", 2)).isEqualTo(1);
    assertThat(admitted(one, "bob", 2)).isEqualTo(1);
  }

  @Test
  void recoveredKeysAreForgottenAndActiveOnesKept() {
    LimitSet one = limits(1, "1/s");
    limiter.decide("old", one);
    advance(Duration.ofSeconds(2));
    limiter.decide("active", one);

    limiter.sweep();

    assertThat(limiter.size()).isEqualTo(1);
    assertThat(admitted(one, "active", 1)).isZero();
    assertThat(admitted(one, "old", 1)).isEqualTo(1);
  }

  @Test
  void aFullStoreAdmitsNewKeysUncountedAndCountsThem() {
    LocalRateLimiter small = new LocalRateLimiter(2, now::get);
    LimitSet one = limits(1, "1/min");
    small.decide("a", one);
    small.decide("b", one);

    RateDecision third = small.decide("c", one);

    assertThat(third.allowed()).isTrue();
    assertThat(third.uncounted()).isTrue();
    assertThat(small.fullCount()).isEqualTo(1);
    assertThat(small.decide("a", one).allowed()).isFalse();
    advance(Duration.ofMinutes(1));
    assertThat(small.decide("c", one).uncounted()).isFalse();
  }

  @Test
  void concurrentRequestsAreAdmittedExactlyUpToTheBurst() throws Exception {
    LimitSet limits = limits(1_000, "1/h");
    int threads = 8;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  int admitted = 0;
                  for (int i = 0; i < perThread; i++) {
                    if (limiter.decide("shared", limits).allowed()) {
                      admitted++;
                    }
                  }
                  return admitted;
                }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> result : results) {
        total += result.get(30, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(1_000);
    } finally {
      pool.shutdownNow();
    }
  }
}
