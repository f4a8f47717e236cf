package dev.portico.auth.token.internal;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portico.auth.CredentialKind;
import dev.portico.auth.Principal;
import dev.portico.auth.token.IssuerStatus;
import dev.portico.auth.token.ProviderMetadata;
import dev.portico.auth.token.ProviderUnavailableException;
import dev.portico.config.model.Issuer;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import javax.crypto.spec.SecretKeySpec;

/**
 * Everything Portico keeps for one configured issuer: its compiled checks, its key cache (or shared
 * secret), its introspection client and its meters. Survives configuration reloads as long as the
 * issuer's configuration is unchanged.
 *
 * <p>Verification never blocks: with the keys at hand it runs on the calling thread and returns a
 * completed future; when keys must be fetched first, the future completes on an {@link IdpHttp}
 * thread. Futures never complete exceptionally: failures are {@link Verification.Failed}.
 * Thread-safe.
 */
public final class IssuerRuntime implements AutoCloseable {

  private static final Verification UNKNOWN_KEY =
      Verification.invalid("token is signed by a key the issuer does not publish");
  private static final Verification KEYS_UNAVAILABLE =
      Verification.unavailable("the signing keys of the token's issuer are unavailable");

  private final IssuerSettings settings;
  private final Clock clock;
  private final IssuerMetrics metrics;
  private final ClaimMapper mapper;
  private final JwtChecks accessTokenChecks;
  private final JwtChecks idTokenChecks;
  private final VerificationKey sharedSecret;
  private final JwksCache jwks;
  private final Introspector introspector;

  /**
   * @param onKeysRemoved hears this runtime and the identities of keys that left its key set
   * @throws IllegalArgumentException for settings the configuration validator refuses
   */
  public IssuerRuntime(
      String name,
      Issuer issuer,
      Clock clock,
      MeterRegistry meters,
      IdpHttp http,
      BiConsumer<IssuerRuntime, Set<String>> onKeysRemoved) {
    this.settings = IssuerSettings.resolve(name, issuer);
    this.clock = clock;
    this.metrics = new IssuerMetrics(meters, name, this::keyAgeSeconds);
    this.mapper = new ClaimMapper(issuer.claims());
    long skew = settings.clockSkew().toMillis();
    this.accessTokenChecks =
        new JwtChecks(
            settings.algorithms(),
            TypeChecks.accessToken(issuer.tokenType()),
            new AccessTokenChecks(
                settings.issuerId(),
                Set.copyOf(issuer.audiences()),
                issuer.requiredClaims(),
                skew,
                clock));
    this.idTokenChecks =
        new JwtChecks(
            settings.algorithms(),
            TypeChecks.idToken(),
            new IdTokenChecks(settings.issuerId(), skew, clock));
    this.sharedSecret = settings.usesSharedSecret() ? secretKey(issuer.sharedSecret()) : null;
    this.jwks =
        settings.usesSharedSecret()
            ? null
            : new JwksCache(
                settings, clock, http, metrics, removed -> onKeysRemoved.accept(this, removed));
    this.introspector =
        issuer.introspection() == null
            ? null
            : new Introspector(settings, mapper, clock, http, metrics, this::introspectionEndpoint);
  }

  private static VerificationKey secretKey(String secret) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    return new VerificationKey(null, "shared-secret", null, new SecretKeySpec(bytes, "HMAC"));
  }

  /** Starts fetching keys (at once, then every refresh interval). */
  public void start(ScheduledExecutorService scheduler) {
    if (jwks != null) {
      jwks.start(scheduler);
    }
  }

  public String name() {
    return settings.name();
  }

  /** The issuer identifier tokens carry in {@code iss}. */
  public String issuerId() {
    return settings.issuerId();
  }

  public Issuer config() {
    return settings.config();
  }

  public boolean introspects() {
    return introspector != null;
  }

  /** Verifies an access token signed by this issuer (its {@code iss} already matched). */
  public CompletableFuture<Verification> verifyAccessToken(SignedJWT jwt) {
    return verify(jwt, accessTokenChecks, KeyContext.forAccessToken(List.of()), CredentialKind.JWT);
  }

  /** Verifies an OIDC ID token for {@code clientId}; {@code nonce} null skips the nonce check. */
  public CompletableFuture<Verification> verifyIdToken(
      SignedJWT jwt, String clientId, String nonce) {
    return verify(
        jwt, idTokenChecks, new KeyContext(List.of(), clientId, nonce), CredentialKind.SESSION);
  }

  /** Introspects an opaque token; only when {@link #introspects()}. */
  public CompletableFuture<Verification> introspect(String token, TokenHash hash) {
    return introspector.introspect(token, hash);
  }

  /**
   * Whether a cached result this issuer produced may still be used: its keys are all still
   * published and not too stale. Cheap: the hit path calls it.
   */
  public boolean stillTrusts(List<String> keyIdentities, long nowMillis) {
    if (keyIdentities.isEmpty() || jwks == null) {
      return true;
    }
    if (!jwks.usable(nowMillis)) {
      return false;
    }
    KeySet keys = jwks.keys();
    for (int i = 0; i < keyIdentities.size(); i++) {
      if (!keys.contains(keyIdentities.get(i))) {
        return false;
      }
    }
    return true;
  }

  private CompletableFuture<Verification> verify(
      SignedJWT jwt, JwtChecks checks, KeyContext context, CredentialKind kind) {
    CheckFailure early = checks.precheck(jwt.getHeader());
    if (early != null) {
      return done(new Verification.Failed(early.reason(), early.getMessage()));
    }
    if (sharedSecret != null) {
      return done(check(jwt, checks, List.of(sharedSecret), context, kind));
    }
    long now = clock.millis();
    if (jwks.usable(now)) {
      List<VerificationKey> candidates = candidates(jwt.getHeader());
      if (!candidates.isEmpty()) {
        if (jwks.stale(now)) {
          metrics.staleKeyUsed();
        }
        return done(check(jwt, checks, candidates, context, kind));
      }
    }
    boolean keysUsable = jwks.usable(now);
    CompletableFuture<KeySet> refetch = jwks.refetchIfAllowed();
    if (refetch == null) {
      return done(keysUsable ? UNKNOWN_KEY : KEYS_UNAVAILABLE);
    }
    return refetch.handle(
        (keySet, error) -> {
          if (error != null || !jwks.usable(clock.millis())) {
            return KEYS_UNAVAILABLE;
          }
          List<VerificationKey> candidates = candidates(jwt.getHeader());
          return candidates.isEmpty() ? UNKNOWN_KEY : check(jwt, checks, candidates, context, kind);
        });
  }

  private List<VerificationKey> candidates(JWSHeader header) {
    JWSAlgorithm alg = header.getAlgorithm();
    return jwks.keys().candidates(alg, header.getKeyID());
  }

  private Verification check(
      SignedJWT jwt,
      JwtChecks checks,
      List<VerificationKey> keys,
      KeyContext context,
      CredentialKind kind) {
    List<Key> jcaKeys = new ArrayList<>(keys.size());
    List<String> identities = new ArrayList<>(keys.size());
    for (VerificationKey key : keys) {
      jcaKeys.add(key.key());
      identities.add(key.identity());
    }
    try {
      JWTClaimsSet claims =
          checks.verify(
              jwt, new KeyContext(List.copyOf(jcaKeys), context.clientId(), context.nonce()));
      Instant expiresAt = claims.getExpirationTime().toInstant();
      Principal principal = mapper.principal(settings.name(), claims.getClaims(), expiresAt, kind);
      List<String> signers =
          sharedSecret != null && keys.get(0) == sharedSecret ? List.of() : List.copyOf(identities);
      return new Verification.Verified(principal, signers, expiresAt.toEpochMilli());
    } catch (CheckFailure failure) {
      return new Verification.Failed(failure.reason(), failure.getMessage());
    }
  }

  private static CompletableFuture<Verification> done(Verification verification) {
    return CompletableFuture.completedFuture(verification);
  }

  /**
   * The provider's metadata: the discovery document when this issuer uses one (waiting for the
   * first fetch, or starting one within the cool-down, when none succeeded yet); otherwise what the
   * configuration says (issuer, jwks-uri, introspection endpoint).
   */
  public CompletableFuture<ProviderMetadata> providerMetadata() {
    if (jwks == null || !settings.needsDiscovery()) {
      URI introspection =
          settings.config().introspection() == null
              ? null
              : settings.config().introspection().endpoint();
      return CompletableFuture.completedFuture(
          new ProviderMetadata(
              settings.issuerId(), settings.jwksUri(), null, null, introspection, null, null));
    }
    ProviderMetadata known = jwks.metadata();
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    CompletableFuture<KeySet> refetch = jwks.refetchIfAllowed();
    CompletableFuture<KeySet> attempt =
        refetch == null ? CompletableFuture.failedFuture(new IdpException("cool-down")) : refetch;
    return attempt.handle(
        (keys, error) -> {
          ProviderMetadata fetched = jwks.metadata();
          if (fetched == null) {
            throw new ProviderUnavailableException(
                "the discovery document of issuer '" + settings.name() + "' could not be fetched");
          }
          return fetched;
        });
  }

  private CompletableFuture<URI> introspectionEndpoint() {
    URI explicit = settings.config().introspection().endpoint();
    if (explicit != null) {
      return CompletableFuture.completedFuture(explicit);
    }
    return providerMetadata()
        .thenApply(
            metadata -> {
              if (metadata.introspectionEndpoint() == null) {
                throw new IdpException(
                    "issuer '" + settings.name() + "' publishes no introspection_endpoint");
              }
              return metadata.introspectionEndpoint();
            });
  }

  public IssuerStatus status() {
    if (jwks == null) {
      return new IssuerStatus(settings.name(), null, List.of(), false, null);
    }
    KeySet keys = jwks.keys();
    Instant fetched = keys.fetched() ? Instant.ofEpochMilli(keys.fetchedAtMillis()) : null;
    return new IssuerStatus(
        settings.name(), fetched, keys.keyIds(), jwks.stale(clock.millis()), jwks.lastError());
  }

  private double keyAgeSeconds() {
    JwksCache cache = jwks;
    return cache == null ? Double.NaN : cache.keyAgeSeconds();
  }

  /** Stops refreshing keys and removes this issuer's meters. Verification still works. */
  @Override
  public void close() {
    if (jwks != null) {
      jwks.close();
    }
    metrics.close();
  }
}
