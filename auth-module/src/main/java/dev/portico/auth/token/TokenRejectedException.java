package dev.portico.auth.token;

import dev.portico.auth.AuthResult;

/**
 * Signals that a token given to {@link IssuerRegistry#verifyIdToken} was refused. The message is
 * the rejection's description, safe to show: it never holds key material or token contents.
 */
public final class TokenRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient AuthResult.Rejected rejection;

  public TokenRejectedException(AuthResult.Rejected rejection) {
    super(rejection.description(), null, false, false);
    this.rejection = rejection;
  }

  /** Why the token was refused. */
  public AuthResult.Rejected rejection() {
    return rejection;
  }
}
