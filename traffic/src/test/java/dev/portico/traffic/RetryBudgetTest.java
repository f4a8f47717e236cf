package dev.portico.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {

  @Test
  void quietUpstreamStillAllowsTheMinimumConcurrency() {
    RetryBudget budget = new RetryBudget();
    assertThat(budget.tryAcquireRetry()).isTrue();
    assertThat(budget.tryAcquireRetry()).isTrue();
    assertThat(budget.tryAcquireRetry()).isTrue();
    assertThat(budget.tryAcquireRetry()).isFalse();
    assertThat(budget.rejectedRetries()).isEqualTo(1);
  }

  @Test
  void busyUpstreamAllowsRetriesUpToTheBudgetPercentOfActiveRequests() {
    RetryBudget budget = new RetryBudget(20, 3);
    for (int i = 0; i < 100; i++) {
      budget.requestStarted();
    }
    int granted = 0;
    while (budget.tryAcquireRetry()) {
      granted++;
    }
    assertThat(granted).isEqualTo(20);
    assertThat(budget.activeRetries()).isEqualTo(20);
  }

  @Test
  void releasedRetryMakesRoomForAnother() {
    RetryBudget budget = new RetryBudget(20, 1);
    assertThat(budget.tryAcquireRetry()).isTrue();
    assertThat(budget.tryAcquireRetry()).isFalse();
    budget.releaseRetry();
    assertThat(budget.tryAcquireRetry()).isTrue();
  }

  @Test
  void finishedRequestsShrinkTheBudget() {
    RetryBudget budget = new RetryBudget(50, 0);
    budget.requestStarted();
    budget.requestStarted();
    assertThat(budget.tryAcquireRetry()).isTrue();
    budget.releaseRetry();
    budget.requestFinished();
    budget.requestFinished();
    assertThat(budget.activeRequests()).isZero();
    assertThat(budget.tryAcquireRetry()).isFalse();
  }

  @Test
  void concurrentAcquirersNeverExceedTheLimit() throws Exception {
    RetryBudget budget = new RetryBudget(20, 5);
    java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();
    Runnable worker =
        () -> {
          for (int i = 0; i < 50_000; i++) {
            if (budget.tryAcquireRetry()) {
              peak.accumulateAndGet(budget.activeRetries(), Math::max);
              budget.releaseRetry();
            }
          }
        };
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(worker);
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(peak.get()).isBetween(1L, 5L);
    assertThat(budget.activeRetries()).isZero();
  }

  @Test
  void invalidSettingsAreRejected() {
    assertThatThrownBy(() -> new RetryBudget(120, 3)).hasMessageContaining("120.0% is not in");
    assertThatThrownBy(() -> new RetryBudget(20, -1)).hasMessageContaining("-1 is negative");
  }
}
