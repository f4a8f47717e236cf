package dev.portico.auth.spring.login;

/**
 * The token endpoint did not issue tokens. {@link #refused()} tells an OAuth error answer (the
 * provider said no: {@code invalid_grant}, {@code invalid_client}, …) from a provider that could
 * not be reached or answered nonsense. Messages never contain tokens, codes or secrets.
 */
final class TokenEndpointException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean refused;
  private final String error;

  private TokenEndpointException(String message, boolean refused, String error) {
    super(message, null, false, false);
    this.refused = refused;
    this.error = error;
  }

  /** The provider answered with an OAuth error; {@code error} is its (sanitised) code. */
  static TokenEndpointException refused(String error) {
    return new TokenEndpointException(
        "the token endpoint refused the request (" + error + ")", true, error);
  }

  static TokenEndpointException unavailable(String message) {
    return new TokenEndpointException(message, false, null);
  }

  boolean refused() {
    return refused;
  }

  /** The OAuth error code when {@link #refused()}; null otherwise. */
  String error() {
    return error;
  }
}
