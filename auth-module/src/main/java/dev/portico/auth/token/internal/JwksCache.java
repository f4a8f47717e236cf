package dev.portico.auth.token.internal;

import dev.portico.auth.token.ProviderMetadata;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys (and, when needed, the discovery document) of one issuer, fetched in the
 * background and read without waiting.
 *
 * <ul>
 *   <li><b>Refresh.</b> A task on the shared scheduler starts a fetch every refresh interval (the
 *       first at once). Fetches run on {@link IdpHttp}'s threads; at most one is in flight and
 *       everyone who needs a fetch while one runs shares it.
 *   <li><b>Unknown kid.</b> {@link #refetchIfAllowed} starts a fetch for a token whose key is not
 *       in the set at most once per {@code refetch-cooldown} (Portico's clock); during a fetch it
 *       hands out the running one. So a spray of forged kids over a period T causes at most ceil(T
 *       / cooldown) + 1 fetches besides the periodic ones.
 *   <li><b>Outage.</b> A failed fetch keeps the previous keys. They are {@link #usable} until
 *       {@code max-staleness} after they were fetched, then tokens of this issuer are refused as
 *       unavailable until a fetch succeeds. A key set with no usable signing key counts as a failed
 *       fetch (the previous keys stay).
 *   <li><b>Rotation.</b> When a fetch drops keys, the listener hears their identities (to drop
 *       cached tokens they signed), after the new set is in place.
 * </ul>
 *
 * Thread-safe: the key set and metadata are immutable values behind volatile fields.
 */
public final class JwksCache implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JwksCache.class);

  private final String issuerName;
  private final String issuerId;
  private final URI configuredJwksUri;
  private final boolean discovery;
  private final long refreshMillis;
  private final long cooldownMillis;
  private final long maxStalenessMillis;
  private final Duration timeout;
  private final Clock clock;
  private final IdpHttp http;
  private final IssuerMetrics metrics;
  private final Consumer<Set<String>> onKeysRemoved;
  private final AtomicReference<CompletableFuture<KeySet>> inFlight = new AtomicReference<>();

  private long lastUnknownKeyFetch = Long.MIN_VALUE; // guarded by this
  private volatile KeySet keys = KeySet.NONE;
  private volatile ProviderMetadata metadata;
  private volatile String lastError;
  private volatile ScheduledFuture<?> refreshTask;
  private volatile boolean closed;

  JwksCache(
      IssuerSettings settings,
      Clock clock,
      IdpHttp http,
      IssuerMetrics metrics,
      Consumer<Set<String>> onKeysRemoved) {
    this.issuerName = settings.name();
    this.issuerId = settings.issuerId();
    this.configuredJwksUri = settings.jwksUri();
    this.discovery = settings.needsDiscovery();
    this.refreshMillis = settings.refreshInterval().toMillis();
    this.cooldownMillis = settings.refetchCooldown().toMillis();
    this.maxStalenessMillis = settings.maxStaleness().toMillis();
    this.timeout = settings.fetchTimeout();
    this.clock = clock;
    this.http = http;
    this.metrics = metrics;
    this.onKeysRemoved = onKeysRemoved;
  }

  /** Starts the periodic refresh, the first fetch at once. */
  void start(ScheduledExecutorService scheduler) {
    refreshTask =
        scheduler.scheduleWithFixedDelay(
            this::refreshInBackground, 0, refreshMillis, TimeUnit.MILLISECONDS);
  }

  public KeySet keys() {
    return keys;
  }

  /** The discovery document last fetched, or null. */
  public ProviderMetadata metadata() {
    return metadata;
  }

  public String lastError() {
    return lastError;
  }

  /** Whether keys were fetched and are not older than {@code max-staleness}. */
  public boolean usable(long nowMillis) {
    KeySet current = keys;
    return current.fetched() && nowMillis - current.fetchedAtMillis() <= maxStalenessMillis;
  }

  /**
   * Whether the keys are stale: the last fetch failed, or they are older than one refresh interval
   * plus the fetch timeout (a scheduled refresh did not succeed). Stale keys are still used.
   */
  public boolean stale(long nowMillis) {
    KeySet current = keys;
    return lastError != null
        || (current.fetched()
            && nowMillis - current.fetchedAtMillis() > refreshMillis + timeout.toMillis());
  }

  double keyAgeSeconds() {
    KeySet current = keys;
    return current.fetched() ? (clock.millis() - current.fetchedAtMillis()) / 1000.0 : Double.NaN;
  }

  /**
   * A fetch for a token whose key is missing (or for keys that are not usable): the running fetch
   * if there is one, else a new one unless one was started for this reason less than {@code
   * refetch-cooldown} ago.
   *
   * @return the fetch to wait for, or null when the cool-down refuses one
   */
  public synchronized CompletableFuture<KeySet> refetchIfAllowed() {
    CompletableFuture<KeySet> running = inFlight.get();
    if (running != null) {
      return running;
    }
    long now = clock.millis();
    if (lastUnknownKeyFetch != Long.MIN_VALUE && now - lastUnknownKeyFetch < cooldownMillis) {
      metrics.refetchRefused();
      return null;
    }
    lastUnknownKeyFetch = now;
    return refresh();
  }

  /** The running fetch, or a new one. Never fails synchronously. */
  CompletableFuture<KeySet> refresh() {
    while (true) {
      CompletableFuture<KeySet> running = inFlight.get();
      if (running != null) {
        return running;
      }
      if (closed) {
        return CompletableFuture.failedFuture(
            new IdpException("issuer '" + issuerName + "' is closed"));
      }
      CompletableFuture<KeySet> mine = new CompletableFuture<>();
      if (inFlight.compareAndSet(null, mine)) {
        fetch()
            .whenComplete(
                (fetched, error) -> {
                  inFlight.compareAndSet(mine, null);
                  recordOutcome(error);
                  if (error != null) {
                    mine.completeExceptionally(error);
                  } else {
                    mine.complete(fetched);
                  }
                });
        return mine;
      }
    }
  }

  private void refreshInBackground() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // Must not escape: the scheduler would cancel the periodic task.
      log.error("Refresh of the keys of issuer '{}' failed to start", issuerName, e);
    }
  }

  private CompletableFuture<KeySet> fetch() {
    try {
      return jwksLocation()
          .thenCompose(uri -> http.getJson(uri, timeout).thenApply(doc -> install(uri, doc)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<URI> jwksLocation() {
    if (!discovery) {
      return CompletableFuture.completedFuture(configuredJwksUri);
    }
    URI location = Discovery.location(issuerId);
    return http.getJson(location, timeout)
        .thenApply(
            document -> {
              ProviderMetadata fetched = Discovery.parse(issuerId, location, document);
              metadata = fetched;
              return jwksUriFrom(fetched, location);
            })
        .exceptionally(
            error -> {
              ProviderMetadata known = metadata;
              URI fallback =
                  configuredJwksUri != null
                      ? configuredJwksUri
                      : known == null ? null : known.jwksUri();
              if (fallback == null) {
                throw error instanceof CompletionException c ? c : new CompletionException(error);
              }
              log.warn(
                  "Discovery for issuer '{}' failed ({}); fetching keys from {}",
                  issuerName,
                  IdpHttp.reason(error),
                  fallback);
              return fallback;
            });
  }

  private URI jwksUriFrom(ProviderMetadata fetched, URI location) {
    if (configuredJwksUri != null) {
      return configuredJwksUri;
    }
    if (fetched.jwksUri() == null) {
      throw new IdpException(location + " has no jwks_uri");
    }
    return fetched.jwksUri();
  }

  private KeySet install(URI uri, Map<String, Object> document) {
    List<VerificationKey> parsed;
    try {
      parsed = JwkKeys.parse(document);
    } catch (ParseException e) {
      throw new IdpException(uri + " is not a JWK set");
    }
    if (parsed.isEmpty()) {
      throw new IdpException(uri + " has no usable signing keys");
    }
    KeySet next = new KeySet(parsed, clock.millis());
    KeySet previous = keys;
    keys = next;
    Set<String> removed = previous.removedIn(next);
    if (!removed.isEmpty()) {
      onKeysRemoved.accept(removed);
    }
    return next;
  }

  private void recordOutcome(Throwable error) {
    metrics.fetched(error == null);
    if (error == null) {
      lastError = null;
      return;
    }
    String reason = IdpHttp.reason(error);
    lastError = reason;
    if (!closed) {
      log.warn("Fetching the keys of issuer '{}' failed: {}", issuerName, reason);
    }
  }

  /** Stops the periodic refresh. Keys fetched so far stay readable. */
  @Override
  public void close() {
    closed = true;
    ScheduledFuture<?> task = refreshTask;
    if (task != null) {
      task.cancel(false);
    }
  }
}
