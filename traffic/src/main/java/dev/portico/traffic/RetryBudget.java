package dev.portico.traffic;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Envoy's retry budget for one upstream: a retry may start only while the retries in flight are
 * fewer than {@code max(minRetryConcurrency, budgetPercent% × requests in flight)}, so retries
 * cannot multiply the load of an upstream that is already failing, while a quiet upstream still
 * allows a few. Count each request once with {@link #requestStarted}/{@link #requestFinished} and
 * each retry with {@link #tryAcquireRetry}/{@link #releaseRetry}. Lock-free and thread-safe.
 */
public final class RetryBudget {

  /** Envoy's default budget: retries up to 20% of the requests in flight. */
  public static final double DEFAULT_BUDGET_PERCENT = 20;

  /** Envoy's default floor: three concurrent retries are always allowed. */
  public static final int DEFAULT_MIN_RETRY_CONCURRENCY = 3;

  private final double budgetFraction;
  private final int minRetryConcurrency;
  private final AtomicLong activeRequests = new AtomicLong();
  private final AtomicLong activeRetries = new AtomicLong();
  private final LongAdder rejected = new LongAdder();

  /** A budget with Envoy's defaults (20%, at least 3). */
  public RetryBudget() {
    this(DEFAULT_BUDGET_PERCENT, DEFAULT_MIN_RETRY_CONCURRENCY);
  }

  /**
   * @param budgetPercent 0–100
   * @param minRetryConcurrency retries allowed whatever the traffic, at least 0
   */
  public RetryBudget(double budgetPercent, int minRetryConcurrency) {
    if (!(budgetPercent >= 0 && budgetPercent <= 100)) {
      throw new IllegalArgumentException("retry budget " + budgetPercent + "% is not in 0..100");
    }
    if (minRetryConcurrency < 0) {
      throw new IllegalArgumentException(
          "min retry concurrency " + minRetryConcurrency + " is negative");
    }
    this.budgetFraction = budgetPercent / 100;
    this.minRetryConcurrency = minRetryConcurrency;
  }

  /** A request to the upstream started (once per request, not per attempt). */
  public void requestStarted() {
    activeRequests.incrementAndGet();
  }

  /** A request started with {@link #requestStarted} ended. */
  public void requestFinished() {
    activeRequests.getAndUpdate(n -> n > 0 ? n - 1 : 0);
  }

  /** Takes a retry from the budget; false (and counted) when the budget is spent. */
  public boolean tryAcquireRetry() {
    long limit = Math.max(minRetryConcurrency, (long) (budgetFraction * activeRequests.get()));
    long current;
    do {
      current = activeRetries.get();
      if (current >= limit) {
        rejected.increment();
        return false;
      }
    } while (!activeRetries.compareAndSet(current, current + 1));
    return true;
  }

  /** A retry taken with {@link #tryAcquireRetry} ended. */
  public void releaseRetry() {
    activeRetries.getAndUpdate(n -> n > 0 ? n - 1 : 0);
  }

  /** Requests in flight. */
  public long activeRequests() {
    return activeRequests.get();
  }

  /** Retries in flight. */
  public long activeRetries() {
    return activeRetries.get();
  }

  /** Retries refused because the budget was spent, since construction. */
  public long rejectedRetries() {
    return rejected.sum();
  }
}
