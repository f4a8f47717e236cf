package dev.portico.auth.token;

import com.nimbusds.jwt.SignedJWT;
import dev.portico.auth.AuthResult;
import dev.portico.auth.Principal;
import dev.portico.auth.Rejection;
import dev.portico.auth.token.internal.BearerAuthentication;
import dev.portico.auth.token.internal.CompactJws;
import dev.portico.auth.token.internal.IssuerRuntime;
import dev.portico.auth.token.internal.SharedResources;
import dev.portico.auth.token.internal.TokenShape;
import dev.portico.auth.token.internal.Verification;
import dev.portico.config.model.AuthSettings;
import dev.portico.config.model.Issuer;
import io.micrometer.core.instrument.MeterRegistry;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/**
 * Verifies bearer tokens against the configured issuers, and ID tokens for browser login.
 *
 * <p><b>Bearer tokens.</b> A JWS is verified against the issuer its {@code iss} names, provided the
 * route accepts that issuer, and only with that issuer's keys (see {@code JwksCache} for fetching,
 * refresh, cool-down and staleness). A token that is not a JWS is introspected (RFC 7662) at the
 * route's accepted issuers that have introspection configured, one after the other in the route's
 * order, until one says active; the token is thus shown to each of those providers in turn, so list
 * the likeliest first. A JWE (encrypted token) is refused. Verified tokens are cached by a keyed
 * hash of the token (never the token) until their expiry; a hit is re-checked against the clock,
 * the route's issuers and the issuer's current keys.
 *
 * <p><b>Threading.</b> Nothing blocks. Work that needs no I/O — the cache hit, parsing and
 * signature checks with keys at hand — runs on the calling thread during {@link
 * #authenticateBearer} and the returned {@link Mono} holds the result. When keys or an
 * introspection answer must be fetched, the Mono completes later on an internal HTTP thread. Key
 * refreshes run on one daemon scheduler thread.
 *
 * <p><b>Failures.</b> {@link #authenticateBearer} never throws and its Mono never errors: every
 * failure is an {@link AuthResult.Rejected} whose description is safe for the client. An
 * unreachable or slow identity provider yields {@link Rejection#UNAVAILABLE} only when the decision
 * needs it (unknown key, keys older than {@code max-staleness}, introspection).
 *
 * <p><b>Lifecycle.</b> {@link #update} hands everything on to a registry for new configuration;
 * after that, this one still answers but {@link #close} on it does nothing (the new one owns the
 * resources). Thread-safe.
 */
public final class IssuerRegistry implements AutoCloseable {

  private static final long DEFAULT_MAX_TOKEN_SIZE = 8 * 1024;

  private final SharedResources shared;
  private final Map<String, IssuerRuntime> issuers;
  private final long maxTokenSize;
  private final BearerAuthentication bearer;
  private final AtomicBoolean retired = new AtomicBoolean();

  private IssuerRegistry(
      SharedResources shared, Map<String, IssuerRuntime> issuers, AuthSettings settings) {
    this.shared = shared;
    this.issuers = issuers;
    this.maxTokenSize =
        settings == null || settings.maxTokenSize() == null
            ? DEFAULT_MAX_TOKEN_SIZE
            : settings.maxTokenSize().bytes();
    this.bearer = new BearerAuthentication(shared, issuers, maxTokenSize);
  }

  /**
   * Builds the issuers and starts fetching their keys in the background.
   *
   * @param settings token size limit and cache size ({@code token-cache-size} 0 turns the cache
   *     off); null means a cache of 0 and the default 8KB limit
   * @throws IllegalArgumentException for issuer settings the configuration validator refuses
   */
  public static IssuerRegistry create(
      Map<String, Issuer> issuers, AuthSettings settings, Clock clock, MeterRegistry meters) {
    SharedResources shared = new SharedResources(clock, meters, cacheSize(settings));
    Map<String, IssuerRuntime> runtimes = new LinkedHashMap<>();
    try {
      issuers.forEach((name, issuer) -> runtimes.put(name, shared.newRuntime(name, issuer)));
    } catch (RuntimeException e) {
      runtimes.values().forEach(IssuerRuntime::close);
      shared.close();
      throw e;
    }
    runtimes.values().forEach(runtime -> runtime.start(shared.scheduler()));
    return new IssuerRegistry(shared, Map.copyOf(runtimes), settings);
  }

  /**
   * A registry for new config that reuses the JWKS cache, discovery result and verified-token cache
   * of every issuer whose Issuer config is equal; closes the state of removed/changed ones. Cached
   * tokens of removed or changed issuers are dropped.
   *
   * @throws IllegalStateException when this registry was already updated or closed
   * @throws IllegalArgumentException for issuer settings the configuration validator refuses (this
   *     registry then stays in charge)
   */
  public IssuerRegistry update(Map<String, Issuer> issuers, AuthSettings settings) {
    if (!retired.compareAndSet(false, true)) {
      throw new IllegalStateException("this issuer registry was already updated or closed");
    }
    List<IssuerRuntime> retiring = new ArrayList<>();
    this.issuers.forEach(
        (name, runtime) -> {
          if (!runtime.config().equals(issuers.get(name))) {
            retiring.add(runtime);
          }
        });
    // Closed first: their meters must be gone before a changed issuer registers its own.
    retiring.forEach(IssuerRuntime::close);
    Map<String, IssuerRuntime> next = new LinkedHashMap<>();
    List<IssuerRuntime> fresh = new ArrayList<>();
    issuers.forEach(
        (name, issuer) -> {
          IssuerRuntime current = this.issuers.get(name);
          if (current != null && !retiring.contains(current)) {
            next.put(name, current);
          } else {
            IssuerRuntime runtime = shared.newRuntime(name, issuer);
            fresh.add(runtime);
            next.put(name, runtime);
          }
        });
    retiring.forEach(shared.cache()::dropIssuer);
    shared.cache().resize(cacheSize(settings));
    fresh.forEach(runtime -> runtime.start(shared.scheduler()));
    return new IssuerRegistry(shared, Map.copyOf(next), settings);
  }

  /**
   * Verifies a bearer token (JWT, or opaque via introspection when the chosen issuer has it)
   * accepted only from the named issuers. Never blocks; never throws (errors become Rejected).
   */
  public Mono<AuthResult> authenticateBearer(String token, List<String> acceptedIssuers) {
    return bearer.authenticate(token, acceptedIssuers);
  }

  /** The issuer's OIDC metadata (discovery document, cached, refreshed with the keys). */
  public Mono<ProviderMetadata> providerMetadata(String issuerName) {
    IssuerRuntime issuer = issuers.get(issuerName);
    if (issuer == null) {
      return Mono.error(unknown(issuerName));
    }
    return Mono.fromFuture(issuer::providerMetadata);
  }

  /**
   * Verifies an OIDC ID token for browser login: signature with the issuer's keys, iss, aud
   * contains clientId (and azp if multiple aud), exp/iat with skew, nonce equals. A null nonce
   * skips the nonce check (for ID tokens from a refresh, which need not carry one). Fails with
   * {@link TokenRejectedException} (reason and safe description), or {@link
   * IllegalArgumentException} for an unknown issuer name. The token is not cached.
   */
  public Mono<Principal> verifyIdToken(
      String issuerName, String idToken, String clientId, String nonce) {
    IssuerRuntime issuer = issuers.get(issuerName);
    if (issuer == null) {
      return Mono.error(unknown(issuerName));
    }
    Objects.requireNonNull(clientId, "clientId");
    return Mono.defer(
        () -> {
          if (idToken == null
              || idToken.length() > maxTokenSize
              || TokenShape.of(idToken) != TokenShape.JWS) {
            return Mono.error(
                refused(issuerName, Rejection.INVALID_TOKEN, "ID token is malformed"));
          }
          SignedJWT jwt;
          try {
            jwt = CompactJws.parse(idToken);
            jwt.getJWTClaimsSet();
          } catch (ParseException e) {
            return Mono.error(
                refused(issuerName, Rejection.INVALID_TOKEN, "ID token is malformed"));
          }
          return Mono.fromFuture(issuer.verifyIdToken(jwt, clientId, nonce))
              .flatMap(
                  outcome ->
                      outcome instanceof Verification.Verified verified
                          ? Mono.just(verified.principal())
                          : Mono.error(
                              refused(
                                  issuerName,
                                  ((Verification.Failed) outcome).reason(),
                                  ((Verification.Failed) outcome).description())));
        });
  }

  /**
   * Status for metrics/admin: last successful key fetch, key ids, whether keys are stale.
   *
   * @throws IllegalArgumentException for an unknown issuer name
   */
  public IssuerStatus status(String issuerName) {
    IssuerRuntime issuer = issuers.get(issuerName);
    if (issuer == null) {
      throw unknown(issuerName);
    }
    return issuer.status();
  }

  /** Stops refresh tasks and HTTP threads and empties the cache; a no-op after {@link #update}. */
  @Override
  public void close() {
    if (retired.compareAndSet(false, true)) {
      issuers.values().forEach(IssuerRuntime::close);
      shared.close();
    }
  }

  /** Number of cached verified tokens, after pending cache maintenance. For tests. */
  long cachedTokenCount() {
    return shared.cache().size();
  }

  private static int cacheSize(AuthSettings settings) {
    return settings == null ? 0 : settings.tokenCacheSize();
  }

  private static IllegalArgumentException unknown(String issuerName) {
    return new IllegalArgumentException("unknown issuer '" + issuerName + "'");
  }

  private static TokenRejectedException refused(
      String issuer, Rejection reason, String description) {
    return new TokenRejectedException(new AuthResult.Rejected(reason, description, issuer));
  }
}
