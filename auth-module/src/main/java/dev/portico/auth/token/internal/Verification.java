package dev.portico.auth.token.internal;

import dev.portico.auth.Principal;
import dev.portico.auth.Rejection;
import java.util.List;

/** The outcome of verifying one token against one issuer. */
public sealed interface Verification {

  /**
   * The token checked out.
   *
   * @param principal the caller
   * @param keyIdentities identities ({@link VerificationKey#identity()}) of the keys that may have
   *     signed it (one when the token names its kid); a cache entry for it lives only while all of
   *     them are in the issuer's key set. Empty for introspected tokens.
   * @param cacheUntilMillis until when (Portico's clock) the result may be reused
   */
  record Verified(Principal principal, List<String> keyIdentities, long cacheUntilMillis)
      implements Verification {}

  /** The token was refused; {@code description} is safe to show the client. */
  record Failed(Rejection reason, String description) implements Verification {}

  static Failed invalid(String description) {
    return new Failed(Rejection.INVALID_TOKEN, description);
  }

  static Failed unavailable(String description) {
    return new Failed(Rejection.UNAVAILABLE, description);
  }
}
