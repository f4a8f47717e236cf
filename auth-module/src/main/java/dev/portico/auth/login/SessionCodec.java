package dev.portico.auth.login;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Seals browser sessions and login states into cookie values, and opens them again.
 *
 * <p>Each kind of value has its own AES-256-GCM key, derived from the configured secret with
 * HKDF-SHA256 and a purpose label, and a fresh random 96-bit nonce per value. Opening refuses
 * (returns empty) anything tampered with, truncated, sealed with another secret or for the other
 * purpose, and anything expired by the injected clock: a session past its {@code expiresAt}, a
 * login state older than {@link LoginState#LIFETIME}. Values are URL-safe base64, valid cookie
 * values as they are.
 *
 * <p>Immutable and thread-safe. Every replica configured with the same secret opens the values of
 * every other.
 */
public final class SessionCodec {

  /** Smallest secret accepted, in bytes (the AES-256 key size). */
  public static final int MIN_SECRET_BYTES = 32;

  private final SealedBox sessions;
  private final SealedBox loginStates;
  private final Clock clock;

  /**
   * @param secret the configured secret, at least {@value #MIN_SECRET_BYTES} bytes
   * @param clock decides expiry
   * @param random source of nonces; a {@link java.security.SecureRandom} in production
   * @throws IllegalArgumentException when the secret is too short
   */
  public SessionCodec(byte[] secret, Clock clock, RandomGenerator random) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "session secret must be at least " + MIN_SECRET_BYTES + " bytes, was " + secret.length);
    }
    this.sessions = new SealedBox(secret, "portico/session/v1", random);
    this.loginStates = new SealedBox(secret, "portico/login-state/v1", random);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A codec for the base64 secret of the configuration ({@code gateway.auth.session.secret}).
   *
   * @throws IllegalArgumentException when the secret is not base64 or decodes to fewer than 32
   *     bytes (the message never contains the secret)
   */
  public static SessionCodec fromBase64Secret(String secret, Clock clock, RandomGenerator random) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(Objects.requireNonNull(secret, "secret").strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("session secret is not base64");
    }
    return new SessionCodec(key, clock, random);
  }

  /** The sealed cookie value of a session. */
  public String seal(BrowserSession session) {
    return sessions.seal(SessionJson.session(session).getBytes(StandardCharsets.UTF_8));
  }

  /** The session in a sealed value, or empty when it is not authentic or has expired. */
  public Optional<BrowserSession> openSession(String sealed) {
    return sessions
        .open(sealed)
        .flatMap(
            plain -> {
              try {
                return Optional.of(SessionJson.session(new String(plain, StandardCharsets.UTF_8)));
              } catch (ParseException | RuntimeException e) {
                return Optional.empty();
              }
            })
        .filter(session -> clock.instant().isBefore(session.expiresAt()));
  }

  /** The sealed cookie value of a login state. */
  public String seal(LoginState state) {
    return loginStates.seal(SessionJson.loginState(state).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The login state in a sealed value, or empty when it is not authentic, older than {@link
   * LoginState#LIFETIME}, or issued in the future (more than a minute of clock drift between
   * replicas).
   */
  public Optional<LoginState> openLoginState(String sealed) {
    Instant now = clock.instant();
    return loginStates
        .open(sealed)
        .flatMap(
            plain -> {
              try {
                return Optional.of(
                    SessionJson.loginState(new String(plain, StandardCharsets.UTF_8)));
              } catch (ParseException | RuntimeException e) {
                return Optional.empty();
              }
            })
        .filter(state -> now.isBefore(state.expiresAt()))
        .filter(state -> !state.issuedAt().isAfter(now.plusSeconds(60)));
  }
}
