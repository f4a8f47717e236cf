package dev.portico.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Space-Saving summary and the two-window, non-blocking {@link LimitedKeys} built on it. */
class LimitedKeysTest {

  private static final Duration WINDOW = Duration.ofMinutes(5);

  @Test
  void heavyHittersAreFoundWithTheirCountWithinTheErrorBound() {
    Map<String, Integer> truth = new HashMap<>();
    List<String> stream = new ArrayList<>();
    int[] heavy = {3_000, 2_000, 1_200, 900, 700};
    for (int i = 0; i < heavy.length; i++) {
      add(stream, truth, "heavy-" + i, heavy[i]);
    }
    for (int i = 0; i < 400; i++) {
      add(stream, truth, "medium-" + i, 4);
    }
    for (int i = 0; i < 20_000; i++) {
      add(stream, truth, "once-" + i, 1);
    }
    Collections.shuffle(stream, new Random(42));
    SpaceSaving summary = new SpaceSaving(64);
    stream.forEach(summary::offer);

    long bound = summary.total() / 64;
    assertThat(summary.total()).isEqualTo(stream.size());
    for (int i = 0; i < heavy.length; i++) {
      SpaceSaving.Counter counter = summary.counter("heavy-" + i);
      assertThat(counter).as("heavy-%d is monitored", i).isNotNull();
      assertThat(counter.count()).isBetween((long) heavy[i], heavy[i] + bound);
      assertThat(counter.count() - counter.error()).isLessThanOrEqualTo(heavy[i]);
      assertThat(counter.error()).isLessThanOrEqualTo(bound);
    }
    // Every counter over-estimates by at most its error, whatever the key.
    for (SpaceSaving.Counter counter : summary.counters()) {
      int actual = truth.get(counter.key());
      assertThat(counter.count()).isGreaterThanOrEqualTo(actual);
      assertThat(counter.count() - counter.error()).isLessThanOrEqualTo(actual);
    }
    assertThat(summary.counters().subList(0, 5))
        .extracting(SpaceSaving.Counter::key)
        .containsExactly("heavy-0", "heavy-1", "heavy-2", "heavy-3", "heavy-4");
  }

  @Test
  void theSummaryNeverHoldsMoreThanItsCapacity() {
    SpaceSaving summary = new SpaceSaving(16);
    for (int i = 0; i < 100_000; i++) {
      summary.offer("key-" + i);
      assertThat(summary.size()).isLessThanOrEqualTo(16);
    }
    assertThat(summary.size()).isEqualTo(16);
    assertThat(summary.counters()).hasSize(16);
    assertThat(summary.total()).isEqualTo(100_000);
    assertThatThrownBy(() -> new SpaceSaving(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity 0");
  }

  @Test
  void fewKeysAreCountedExactly() {
    LimitedKeys keys = new LimitedKeys(8, WINDOW, MutableClock.startingNow());
    for (int i = 0; i < 5; i++) {
      keys.record("alice");
    }
    keys.record("bob");
    assertThat(keys.top(10))
        .containsExactly(new LimitedKeys.Entry("alice", 5, 0), new LimitedKeys.Entry("bob", 1, 0));
    assertThat(keys.top(1)).extracting(LimitedKeys.Entry::key).containsExactly("alice");
  }

  @Test
  void aKeyCountsOverTwoWindowsAndDropsOutAfterwards() {
    MutableClock clock = MutableClock.startingNow();
    LimitedKeys keys = new LimitedKeys(8, WINDOW, clock);
    for (int i = 0; i < 100; i++) {
      keys.record("old");
    }
    clock.advance(WINDOW.plusSeconds(1));
    for (int i = 0; i < 10; i++) {
      keys.record("new");
    }
    keys.record("old");
    assertThat(keys.top(10))
        .containsExactly(new LimitedKeys.Entry("old", 101, 0), new LimitedKeys.Entry("new", 10, 0));

    // The first window's 100 are forgotten; the second window's refusals remain.
    clock.advance(WINDOW);
    assertThat(keys.top(10))
        .containsExactly(new LimitedKeys.Entry("new", 10, 0), new LimitedKeys.Entry("old", 1, 0));

    clock.advance(WINDOW.multipliedBy(3));
    assertThat(keys.top(10)).isEmpty();
  }

  @Test
  void mergingWindowsKeepsTheBoundsWhenAKeyLeftAFullSummary() {
    MutableClock clock = MutableClock.startingNow();
    LimitedKeys keys = new LimitedKeys(2, WINDOW, clock);
    record(keys, "a", 10);
    record(keys, "b", 5);
    record(keys, "c", 1); // replaces b (5): c = 6 with error 5
    clock.advance(WINDOW);
    record(keys, "b", 3);

    Map<String, LimitedKeys.Entry> top = new HashMap<>();
    keys.top(10).forEach(e -> top.put(e.key(), e));
    // b: 3 now, plus at most 6 (the previous summary's smallest count) before.
    assertThat(top.get("b").count()).isEqualTo(9);
    assertThat(top.get("b").count() - top.get("b").error()).isLessThanOrEqualTo(8);
    assertThat(top.get("a").count()).isEqualTo(10);
    assertThat(top.get("c")).isEqualTo(new LimitedKeys.Entry("c", 6, 5));
  }

  @Test
  void concurrentRecordersLoseNothingUnlessCountedAsDropped() throws Exception {
    LimitedKeys keys = new LimitedKeys(16, WINDOW, MutableClock.startingNow());
    int threads = 4;
    int perThread = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String own = "thread-" + t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    keys.record(i % 2 == 0 ? own : "shared");
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long counted = keys.top(100).stream().mapToLong(LimitedKeys.Entry::count).sum();
    assertThat(counted + keys.dropped()).isEqualTo((long) threads * perThread);
    assertThat(keys.top(1).get(0).key()).isEqualTo("shared");
  }

  @Test
  void aWindowMustBePositive() {
    assertThatThrownBy(() -> new LimitedKeys(8, Duration.ZERO, MutableClock.startingNow()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window PT0S is not positive");
  }

  private static void add(List<String> stream, Map<String, Integer> truth, String key, int n) {
    for (int i = 0; i < n; i++) {
      stream.add(key);
    }
    truth.merge(key, n, Integer::sum);
  }

  private static void record(LimitedKeys keys, String key, int n) {
    for (int i = 0; i < n; i++) {
      keys.record(key);
    }
  }
}
