package dev.portico.auth.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What Portico remembers between sending a browser to the identity provider and the provider
 * sending it back: kept only in a sealed, short-lived cookie (see {@link SessionCodec}), so any
 * replica can finish a login another one started.
 *
 * @param issuer the configured issuer name the login is for
 * @param state the OAuth {@code state} sent with the authorization request (CSRF protection)
 * @param nonce the OIDC {@code nonce} the ID token must carry (replay protection)
 * @param codeVerifier the PKCE code verifier whose challenge was sent
 * @param returnTo where the browser goes after the login: a path on this host (see {@link
 *     ReturnPaths})
 * @param issuedAt when the login started
 */
public record LoginState(
    String issuer,
    String state,
    String nonce,
    String codeVerifier,
    String returnTo,
    Instant issuedAt) {

  /** How long a login may take, from the redirect to the provider until the callback. */
  public static final Duration LIFETIME = Duration.ofMinutes(10);

  /** Random bytes in state and nonce: 256 bits each. */
  private static final int RANDOM_BYTES = 32;

  public LoginState {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(codeVerifier, "codeVerifier");
    Objects.requireNonNull(issuedAt, "issuedAt");
    returnTo = ReturnPaths.sanitize(returnTo);
  }

  /**
   * Starts a login: fresh random state, nonce and PKCE verifier.
   *
   * @param random a cryptographically strong source in production
   */
  public static LoginState begin(
      String issuer, String returnTo, RandomGenerator random, Clock clock) {
    return new LoginState(
        issuer,
        RandomValues.urlSafe(random, RANDOM_BYTES),
        RandomValues.urlSafe(random, RANDOM_BYTES),
        Pkce.newVerifier(random),
        returnTo,
        clock.instant());
  }

  /** The PKCE S256 challenge for the authorization request. */
  public String codeChallenge() {
    return Pkce.challenge(codeVerifier);
  }

  /** When this login state stops being accepted. */
  public Instant expiresAt() {
    return issuedAt.plus(LIFETIME);
  }

  /** Whether the provider returned exactly this state (compared in constant time). */
  public boolean matchesState(String returned) {
    return returned != null
        && MessageDigest.isEqual(
            state.getBytes(StandardCharsets.US_ASCII),
            returned.getBytes(StandardCharsets.US_ASCII));
  }
}
