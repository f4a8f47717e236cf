package dev.portico.auth.token.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * What every issuer registry of one gateway shares and hands on across configuration reloads: the
 * clock, the meters, the token hasher (its key), the verified-token cache, the HTTP client and the
 * one daemon thread that schedules key refreshes (which only starts asynchronous fetches, so one
 * thread is plenty). Closed once, by the last registry.
 */
public final class SharedResources implements AutoCloseable {

  private final Clock clock;
  private final MeterRegistry meters;
  private final TokenHasher hasher;
  private final VerifiedTokenCache cache;
  private final IdpHttp http;
  private final ScheduledThreadPoolExecutor scheduler;

  public SharedResources(Clock clock, MeterRegistry meters, int cacheSize) {
    this.clock = clock;
    this.meters = meters;
    this.hasher = TokenHasher.withRandomKey(new SecureRandom());
    this.cache = new VerifiedTokenCache(cacheSize, clock);
    this.http = new IdpHttp();
    this.scheduler = new ScheduledThreadPoolExecutor(1, new DaemonThreads("portico-jwks-refresh"));
    scheduler.setRemoveOnCancelPolicy(true);
  }

  public Clock clock() {
    return clock;
  }

  public TokenHasher hasher() {
    return hasher;
  }

  public VerifiedTokenCache cache() {
    return cache;
  }

  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** A runtime for one issuer, wired to these resources (not yet started). */
  public IssuerRuntime newRuntime(String name, dev.portico.config.model.Issuer issuer) {
    return new IssuerRuntime(name, issuer, clock, meters, http, cache::dropSignedBy);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    http.close();
    cache.clear();
  }
}
