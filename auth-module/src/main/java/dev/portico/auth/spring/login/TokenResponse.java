package dev.portico.auth.spring.login;

import java.time.Duration;

/**
 * A successful token endpoint response (RFC 6749 §5.1, OIDC Core §3.1.3.3). Optional fields are
 * null when the provider left them out.
 */
record TokenResponse(
    String accessToken, Duration expiresIn, String refreshToken, String idToken, String scope) {

  @Override
  public String toString() {
    return "TokenResponse[expiresIn=" + expiresIn + ", scope=" + scope + "]";
  }
}
