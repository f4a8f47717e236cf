package dev.portico.auth.token.internal;

import dev.portico.auth.AuthResult;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * A verified token in the cache: the ready-made result (a {@link Mono#just} is safe to hand to any
 * number of subscribers, so a hit allocates nothing for the answer), who vouched for it, with which
 * keys, and until when. Immutable.
 *
 * @param result the {@link AuthResult.Authenticated} to return
 * @param issuer the issuer runtime that verified it; a hit is valid only while that runtime is the
 *     current one for its name (a reload with changed settings starts a new one)
 * @param keyIdentities the keys that may have signed it (see {@link IssuerRuntime#stillTrusts})
 * @param expiresAtMillis the token's {@code exp} (or the introspection cache limit), Portico's
 *     clock
 */
public record CachedAuthentication(
    Mono<AuthResult> result,
    IssuerRuntime issuer,
    List<String> keyIdentities,
    long expiresAtMillis) {

  /** Whether {@code runtime} verified this token with one of these keys. */
  public boolean signedByAnyOf(IssuerRuntime runtime, Set<String> identities) {
    if (issuer != runtime) {
      return false;
    }
    for (String identity : keyIdentities) {
      if (identities.contains(identity)) {
        return true;
      }
    }
    return false;
  }
}
