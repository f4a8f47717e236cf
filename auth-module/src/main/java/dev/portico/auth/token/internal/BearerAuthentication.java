package dev.portico.auth.token.internal;

import com.nimbusds.jwt.SignedJWT;
import dev.portico.auth.AuthResult;
import dev.portico.auth.Rejection;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The bearer-token decision of one issuer registry (see {@code IssuerRegistry} for the contract):
 * size limit, cache lookup, then by shape JWS verification, introspection, or refusal.
 *
 * <p>The cache hit path is kept to a keyed hash, one cache read, and a few comparisons: no parsing,
 * no allocation beyond the hash. Immutable; thread-safe.
 */
public final class BearerAuthentication {

  private static final Logger log = LoggerFactory.getLogger(BearerAuthentication.class);

  private static final AuthResult.Rejected MISSING = rejected("no token");
  private static final AuthResult.Rejected TOO_LARGE = rejected("token is too large");
  private static final AuthResult.Rejected MALFORMED = rejected("token is malformed");
  private static final AuthResult.Rejected ENCRYPTED =
      rejected("encrypted tokens (JWE) are not accepted");
  private static final AuthResult.Rejected NO_ISSUER = rejected("token has no issuer (iss)");
  private static final AuthResult.Rejected NOT_A_JWT =
      rejected("token is not a signed JWT and no accepted issuer introspects tokens");
  private static final AuthResult.Rejected FAILED = rejected("token could not be checked");

  private final SharedResources shared;
  private final Map<String, IssuerRuntime> issuers;
  private final long maxTokenSize;

  public BearerAuthentication(
      SharedResources shared, Map<String, IssuerRuntime> issuers, long maxTokenSize) {
    this.shared = shared;
    this.issuers = Map.copyOf(issuers);
    this.maxTokenSize = maxTokenSize;
  }

  /** Never throws; the Mono never errors. */
  public Mono<AuthResult> authenticate(String token, List<String> acceptedIssuers) {
    try {
      if (token == null || token.isEmpty()) {
        return Mono.just(MISSING);
      }
      if (token.length() > maxTokenSize) {
        return Mono.just(TOO_LARGE);
      }
      List<String> accepted = acceptedIssuers == null ? List.of() : acceptedIssuers;
      TokenHash hash = shared.hasher().hash(token);
      CachedAuthentication hit = shared.cache().get(hash);
      if (hit != null) {
        long now = shared.clock().millis();
        if (now >= hit.expiresAtMillis()) {
          shared.cache().remove(hash);
        } else if (stillValid(hit, accepted, now)) {
          return hit.result();
        }
      }
      CompletableFuture<AuthResult> result = authenticateUncached(token, hash, accepted);
      return result.isDone() ? Mono.just(result.join()) : Mono.fromFuture(result);
    } catch (RuntimeException e) {
      log.error("Unexpected failure while checking a bearer token", e);
      return Mono.just(FAILED);
    }
  }

  /** Whether a cached result, not yet expired, still holds for this route and the issuer's keys. */
  private boolean stillValid(CachedAuthentication hit, List<String> accepted, long now) {
    IssuerRuntime issuer = hit.issuer();
    return issuers.get(issuer.name()) == issuer
        && accepted.contains(issuer.name())
        && issuer.stillTrusts(hit.keyIdentities(), now);
  }

  private CompletableFuture<AuthResult> authenticateUncached(
      String token, TokenHash hash, List<String> accepted) {
    return switch (TokenShape.of(token)) {
      case JWS -> authenticateJwt(token, hash, accepted);
      case OPAQUE -> introspect(token, hash, accepted);
      case JWE -> now(ENCRYPTED);
      case MALFORMED -> now(MALFORMED);
    };
  }

  private CompletableFuture<AuthResult> authenticateJwt(
      String token, TokenHash hash, List<String> accepted) {
    SignedJWT jwt;
    String iss;
    try {
      jwt = CompactJws.parse(token);
      iss = jwt.getJWTClaimsSet().getIssuer();
    } catch (ParseException e) {
      return now(MALFORMED);
    }
    if (iss == null) {
      return now(NO_ISSUER);
    }
    IssuerRuntime issuer = chooseIssuer(iss, accepted);
    if (issuer == null) {
      return now(
          new AuthResult.Rejected(
              Rejection.INVALID_TOKEN, "token issuer is not accepted here", configuredNameOf(iss)));
    }
    return issuer.verifyAccessToken(jwt).thenApply(outcome -> toResult(outcome, issuer, hash));
  }

  /** The first accepted issuer whose identifier is {@code iss}. */
  private IssuerRuntime chooseIssuer(String iss, List<String> accepted) {
    for (int i = 0; i < accepted.size(); i++) {
      IssuerRuntime runtime = issuers.get(accepted.get(i));
      if (runtime != null && runtime.issuerId().equals(iss)) {
        return runtime;
      }
    }
    return null;
  }

  /** For metrics: the configured issuer with this identifier, though not accepted here. */
  private String configuredNameOf(String iss) {
    for (IssuerRuntime runtime : issuers.values()) {
      if (runtime.issuerId().equals(iss)) {
        return runtime.name();
      }
    }
    return null;
  }

  private CompletableFuture<AuthResult> introspect(
      String token, TokenHash hash, List<String> accepted) {
    List<IssuerRuntime> candidates = new ArrayList<>();
    for (String name : accepted) {
      IssuerRuntime runtime = issuers.get(name);
      if (runtime != null && runtime.introspects()) {
        candidates.add(runtime);
      }
    }
    if (candidates.isEmpty()) {
      return now(NOT_A_JWT);
    }
    return introspectFrom(candidates, 0, token, hash, null);
  }

  /** Asks candidates in order until one says active; else the first refusal, or unavailability. */
  private CompletableFuture<AuthResult> introspectFrom(
      List<IssuerRuntime> candidates,
      int index,
      String token,
      TokenHash hash,
      AuthResult.Rejected refusal) {
    IssuerRuntime issuer = candidates.get(index);
    return issuer
        .introspect(token, hash)
        .thenCompose(
            outcome -> {
              AuthResult result = toResult(outcome, issuer, hash);
              if (result instanceof AuthResult.Authenticated) {
                return now(result);
              }
              AuthResult.Rejected worst = worse(refusal, (AuthResult.Rejected) result);
              return index + 1 < candidates.size()
                  ? introspectFrom(candidates, index + 1, token, hash, worst)
                  : now(worst);
            });
  }

  /** Unavailability wins (the client may retry); otherwise the first refusal. */
  private static AuthResult.Rejected worse(AuthResult.Rejected first, AuthResult.Rejected next) {
    boolean nextUnavailable = next.reason() == Rejection.UNAVAILABLE;
    if (first == null || (nextUnavailable && first.reason() != Rejection.UNAVAILABLE)) {
      return next;
    }
    return first;
  }

  private AuthResult toResult(Verification outcome, IssuerRuntime issuer, TokenHash hash) {
    if (outcome instanceof Verification.Verified verified) {
      AuthResult result = new AuthResult.Authenticated(verified.principal());
      CachedAuthentication entry =
          new CachedAuthentication(
              Mono.just(result), issuer, verified.keyIdentities(), verified.cacheUntilMillis());
      shared.cache().put(hash, entry);
      return result;
    }
    Verification.Failed failed = (Verification.Failed) outcome;
    return new AuthResult.Rejected(failed.reason(), failed.description(), issuer.name());
  }

  private static AuthResult.Rejected rejected(String description) {
    return new AuthResult.Rejected(Rejection.INVALID_TOKEN, description, null);
  }

  private static CompletableFuture<AuthResult> now(AuthResult result) {
    return CompletableFuture.completedFuture(result);
  }
}
