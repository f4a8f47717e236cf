package dev.portico.auth.token.internal;

/**
 * A call to an identity provider failed. The message is for operators (logs, admin status): it
 * names the endpoint and what went wrong, never a token or a secret.
 */
public final class IdpException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public IdpException(String message) {
    super(message, null, false, false);
  }
}
