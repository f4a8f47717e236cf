package dev.portico.auth.token;

/**
 * Signals that an issuer's OIDC discovery document could not be fetched (the identity provider is
 * unreachable, slow, or answered with something that is not a valid document for this issuer).
 */
public final class ProviderUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ProviderUnavailableException(String message) {
    super(message, null, false, false);
  }
}
