package dev.portico.auth.token.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.util.Set;

/**
 * Verified tokens by {@link TokenHash}, bounded in number by Caffeine's size-based eviction (W-
 * TinyLFU). Size 0 turns caching off.
 *
 * <p>No entry is used past its expiry: the hit path checks {@link
 * CachedAuthentication#expiresAtMillis()} against the injected clock (and the issuer's current
 * keys) on every read, and removes an entry it finds expired. Caffeine's time-based expiry is
 * deliberately not used: with per-entry expiry a hit cost about 30% more (timer-wheel bookkeeping),
 * and it would only free memory sooner, which the size bound already caps. Expired entries that are
 * never read again are evicted by size like any cold entry. Thread-safe.
 */
public final class VerifiedTokenCache {

  private final Clock clock;
  private volatile int maximumSize;
  private volatile Cache<TokenHash, CachedAuthentication> cache;

  public VerifiedTokenCache(int maximumSize, Clock clock) {
    this.clock = clock;
    this.maximumSize = maximumSize;
    this.cache = build(maximumSize);
  }

  private static Cache<TokenHash, CachedAuthentication> build(int size) {
    return size <= 0 ? null : Caffeine.newBuilder().maximumSize(size).build();
  }

  /** The entry, or null; the caller checks it is still valid. */
  public CachedAuthentication get(TokenHash hash) {
    Cache<TokenHash, CachedAuthentication> current = cache;
    return current == null ? null : current.getIfPresent(hash);
  }

  /** Forgets one entry (one found expired on reading, for instance). */
  public void remove(TokenHash hash) {
    Cache<TokenHash, CachedAuthentication> current = cache;
    if (current != null) {
      current.invalidate(hash);
    }
  }

  /** Caches an entry unless it has already expired. */
  public void put(TokenHash hash, CachedAuthentication entry) {
    Cache<TokenHash, CachedAuthentication> current = cache;
    if (current != null && entry.expiresAtMillis() > clock.millis()) {
      current.put(hash, entry);
    }
  }

  /** Drops the entries of tokens that the issuer runtime verified with any of these keys. */
  public void dropSignedBy(IssuerRuntime issuer, Set<String> keyIdentities) {
    Cache<TokenHash, CachedAuthentication> current = cache;
    if (current != null) {
      current.asMap().values().removeIf(entry -> entry.signedByAnyOf(issuer, keyIdentities));
    }
  }

  /** Drops every entry the issuer runtime vouched for. */
  public void dropIssuer(IssuerRuntime issuer) {
    Cache<TokenHash, CachedAuthentication> current = cache;
    if (current != null) {
      current.asMap().values().removeIf(entry -> entry.issuer() == issuer);
    }
  }

  /** Changes the bound; a change to or from 0 starts empty. */
  public synchronized void resize(int size) {
    if (size == maximumSize) {
      return;
    }
    Cache<TokenHash, CachedAuthentication> current = cache;
    if (current != null && size > 0) {
      current.policy().eviction().ifPresent(eviction -> eviction.setMaximum(size));
    } else {
      cache = build(size);
    }
    maximumSize = size;
  }

  public void clear() {
    Cache<TokenHash, CachedAuthentication> current = cache;
    if (current != null) {
      current.invalidateAll();
    }
  }

  /** Approximate number of entries (after pending maintenance). */
  public long size() {
    Cache<TokenHash, CachedAuthentication> current = cache;
    if (current == null) {
      return 0;
    }
    current.cleanUp();
    return current.estimatedSize();
  }
}
