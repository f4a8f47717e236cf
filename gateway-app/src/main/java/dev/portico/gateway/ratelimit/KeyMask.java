package dev.portico.gateway.ratelimit;

import dev.portico.auth.Principal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a rate-limit key is shown on the admin console: client addresses, subjects, consumers, claims
 * and routes as they are; the value of a header that may carry a credential (its name mentions
 * authorization, cookie, key, token, secret, session, password or cred) never — only a short keyed
 * hash ({@code #} and 8 hex digits, HMAC-SHA256 under a key made at start-up, so equal values look
 * equal but cannot be looked up or guessed offline) and, when the caller authenticated with an API
 * key, its consumer's name. Immutable and thread-safe.
 */
final class KeyMask {

  private static final Pattern SECRET_HEADER =
      Pattern.compile("(?i).*(authorization|cookie|key|token|secret|session|password|cred).*");

  private final SecretKeySpec hashKey;

  KeyMask(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    this.hashKey = new SecretKeySpec(key, "HmacSHA256");
  }

  /** {@code spec=value} as the console may show it. */
  String show(String spec, String value, Principal principal) {
    if (!spec.regionMatches(true, 0, "header:", 0, "header:".length())
        || !SECRET_HEADER.matcher(spec.substring("header:".length())).matches()
        || KeyPart.MISSING.equals(value)) {
      return spec + "=" + value;
    }
    String shown = spec + "=#" + shortHash(value);
    return principal != null && principal.consumer() != null
        ? shown + " (consumer " + principal.consumer() + ")"
        : shown;
  }

  /** The first 4 bytes of the keyed hash, as hex. */
  String shortHash(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(hashKey);
      byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
