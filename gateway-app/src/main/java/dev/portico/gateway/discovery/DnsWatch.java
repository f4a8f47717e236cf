package dev.portico.gateway.discovery;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target being kept up to date, as returned by {@link DnsDiscovery#start}. Resolves at once,
 * then again after the answer's TTL clamped to the target's refresh bounds.
 *
 * <p><b>Guarantees.</b> {@code onChange} is called once after the first resolution (with the
 * endpoints, or an empty list if it failed), and after that only when the sorted list of endpoints
 * differs from the last one delivered. A failed refresh (timeout, server error, NXDOMAIN, empty
 * answer) never replaces a non-empty list: the last good list stays, the failure is counted in
 * {@link #failures()} and kept in {@link #lastFailure()}, and the refresh is retried after {@code
 * minRefresh}, doubling per consecutive failure up to {@code maxRefresh}. A failure streak is
 * logged once at WARN when it starts and once at INFO when it ends. {@link #lastSuccess()} tells
 * how stale the list is.
 *
 * <p><b>Threads.</b> All resolution work and every {@code onChange} call run on the discovery's DNS
 * event loop, one at a time; {@code onChange} must return quickly and must not block (hand the list
 * to another thread if the work is slow). An exception thrown by {@code onChange} is logged and
 * does not stop the refreshes. The accessors are safe from any thread.
 */
public final class DnsWatch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger("portico.discovery");

  private final DnsTarget target;
  private final DnsLookup lookup;
  private final EndpointResolver resolver;
  private final EventLoop loop;
  private final Clock clock;
  private final Consumer<List<DiscoveredEndpoint>> onChange;
  private final Consumer<DnsWatch> onClose;
  private final CompletableFuture<List<DiscoveredEndpoint>> first = new CompletableFuture<>();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong resolutions = new AtomicLong();
  private volatile List<DiscoveredEndpoint> endpoints = List.of();
  private volatile Instant lastSuccess;
  private volatile DnsFailure lastFailure;
  private volatile boolean closed;
  // Touched only on the event loop.
  private boolean delivered;
  private int failureStreak;
  private ScheduledFuture<?> next;

  DnsWatch(
      DnsTarget target,
      DnsLookup lookup,
      EventLoop loop,
      Clock clock,
      Consumer<List<DiscoveredEndpoint>> onChange,
      Consumer<DnsWatch> onClose) {
    this.target = target;
    this.lookup = lookup;
    this.resolver = new EndpointResolver(lookup, target);
    this.loop = loop;
    this.clock = clock;
    this.onChange = onChange;
    this.onClose = onClose;
  }

  void begin() {
    loop.execute(this::refresh);
  }

  /** The target this watch resolves. */
  public DnsTarget target() {
    return target;
  }

  /** The last list delivered to {@code onChange} (empty before the first resolution). */
  public List<DiscoveredEndpoint> endpoints() {
    return endpoints;
  }

  /** Completes with the list delivered after the first resolution (possibly empty). */
  public CompletableFuture<List<DiscoveredEndpoint>> firstResolution() {
    return first.copy();
  }

  /** Failed resolutions since the start (each failed round counts once). */
  public long failures() {
    return failures.get();
  }

  /** Successful resolutions since the start, whether or not the list changed. */
  public long resolutions() {
    return resolutions.get();
  }

  /** When a resolution last succeeded; empty if none has. */
  public Optional<Instant> lastSuccess() {
    return Optional.ofNullable(lastSuccess);
  }

  /** The most recent failure; empty if none has happened. */
  public Optional<DnsFailure> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  private void refresh() {
    if (closed) {
      return;
    }
    try {
      resolver.resolve().whenCompleteAsync(this::settle, loop);
    } catch (RuntimeException e) { // a failure to even ask must not end the refresh cycle
      settle(null, e);
    }
  }

  private void settle(EndpointResolver.Resolution resolution, Throwable error) {
    if (closed) {
      return;
    }
    if (error == null) {
      succeeded(resolution);
    } else {
      failed(error);
    }
  }

  private void succeeded(EndpointResolver.Resolution resolution) {
    resolutions.incrementAndGet();
    lastSuccess = clock.instant();
    if (failureStreak > 0) {
      log.info(
          "DNS discovery of {} {} recovered after {} failed attempts: {} endpoints",
          target.type(),
          target.name(),
          failureStreak,
          resolution.endpoints().size());
    }
    failureStreak = 0;
    deliver(resolution.endpoints());
    schedule(clamp(resolution.ttlSeconds()));
  }

  private void failed(Throwable error) {
    failures.incrementAndGet();
    DnsFailure failure =
        new DnsFailure(EndpointResolver.kindOf(error), messageOf(error), clock.instant());
    lastFailure = failure;
    failureStreak++;
    Duration retry = backoff(failureStreak);
    if (failureStreak == 1) {
      log.warn(
          "DNS discovery of {} {} failed ({}: {}); keeping {} last known endpoints, retrying in {}",
          target.type(),
          target.name(),
          failure.kind(),
          failure.message(),
          endpoints.size(),
          retry);
    }
    if (!delivered) {
      deliver(List.of());
    }
    schedule(retry);
  }

  private void deliver(List<DiscoveredEndpoint> list) {
    if (delivered && list.equals(endpoints)) {
      return;
    }
    delivered = true;
    endpoints = list;
    try {
      onChange.accept(list);
    } catch (RuntimeException e) {
      log.error("DNS discovery of {}: onChange failed", target.name(), e);
    }
    first.complete(list); // after onChange, so whoever waits on it sees the callback's effects
  }

  /** The TTL clamped to the target's refresh bounds. */
  private Duration clamp(long ttlSeconds) {
    long max = target.maxRefresh().toMillis();
    long ttlMillis = ttlSeconds >= max / 1000 + 1 ? max : ttlSeconds * 1000;
    return Duration.ofMillis(Math.max(target.minRefresh().toMillis(), Math.min(max, ttlMillis)));
  }

  /** minRefresh, doubled per consecutive failure, at most maxRefresh. */
  private Duration backoff(int streak) {
    Duration delay = target.minRefresh().multipliedBy(1L << Math.min(streak - 1, 20));
    return delay.compareTo(target.maxRefresh()) > 0 ? target.maxRefresh() : delay;
  }

  private void schedule(Duration delay) {
    next = loop.schedule(this::refresh, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static String messageOf(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && !(cause instanceof DnsLookupException)) {
      cause = cause.getCause();
    }
    return cause instanceof DnsLookupException ? cause.getMessage() : cause.toString();
  }

  /** Stops refreshing and releases the resolver; {@code onChange} is not called afterwards. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    onClose.accept(this);
    try {
      loop.execute(this::release);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      lookup.close(); // the loop is gone, so nothing else can touch the resolver
    }
  }

  private void release() {
    if (next != null) {
      next.cancel(false);
    }
    lookup.close();
  }
}
