package dev.portico.auth.login;

import java.util.Base64;
import java.util.random.RandomGenerator;

/** Random, URL-safe values for state, nonce and PKCE verifiers. */
final class RandomValues {

  private RandomValues() {}

  /** {@code bytes} random bytes, base64url without padding. */
  static String urlSafe(RandomGenerator random, int bytes) {
    byte[] value = new byte[bytes];
    random.nextBytes(value);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
  }
}
