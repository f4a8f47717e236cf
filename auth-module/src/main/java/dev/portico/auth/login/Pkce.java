package dev.portico.auth.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Proof Key for Code Exchange (RFC 7636) with the {@code S256} method: a random code verifier kept
 * by Portico, and its SHA-256 challenge sent with the authorization request.
 *
 * <p>Stateless and thread-safe.
 */
public final class Pkce {

  /** The only challenge method Portico uses; {@code plain} would reveal the verifier. */
  public static final String METHOD = "S256";

  /** RFC 7636 §4.1: 43 to 128 characters of {@code [A-Z] [a-z] [0-9] - . _ ~}. */
  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

  /** 32 random bytes give a 43-character verifier with 256 bits of entropy. */
  private static final int VERIFIER_BYTES = 32;

  private Pkce() {}

  /**
   * A new code verifier: 32 bytes from {@code random}, base64url without padding (43 characters).
   *
   * @param random a cryptographically strong source in production ({@link
   *     java.security.SecureRandom})
   */
  public static String newVerifier(RandomGenerator random) {
    return RandomValues.urlSafe(random, VERIFIER_BYTES);
  }

  /**
   * The S256 challenge of a verifier: {@code BASE64URL(SHA-256(ASCII(verifier)))}.
   *
   * @throws IllegalArgumentException when {@code verifier} is not a valid RFC 7636 verifier
   */
  public static String challenge(String verifier) {
    if (!isValidVerifier(verifier)) {
      throw new IllegalArgumentException(
          "code verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~");
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Whether {@code verifier} has the length and alphabet RFC 7636 requires. */
  public static boolean isValidVerifier(String verifier) {
    return verifier != null && VERIFIER.matcher(verifier).matches();
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
