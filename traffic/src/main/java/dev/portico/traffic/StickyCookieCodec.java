package dev.portico.traffic;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sticky-session cookie values for one upstream's current endpoints: an opaque value per endpoint,
 * {@code base64url(HMAC-SHA256(secret, scope ‖ 0 ‖ id))} truncated to 128 bits (22 characters). The
 * value reveals neither the endpoint's id nor its address, and cannot be forged for an endpoint
 * without the secret; the same secret, scope and id give the same value on every replica.
 *
 * <p>{@link #decode} finds the candidate by the tag's first 64 bits and verifies the whole value
 * with a constant-time comparison; unknown, tampered and malformed values give {@code null}. Values
 * are computed once, when the codec is built for a snapshot of the endpoints; per request nothing
 * is hashed. Immutable and safe for concurrent use. Note that every client can collect the values
 * of all endpoints by asking often enough: the HMAC hides addresses, it does not make a pin secret.
 */
public final class StickyCookieCodec<T> {

  /** Shortest accepted secret, in bytes. */
  public static final int MIN_SECRET_BYTES = 16;

  private static final int TAG_BYTES = 16;
  private static final int VALUE_CHARS = 22;

  private final Map<T, String> valueOf;
  private final Map<Long, Candidate<T>> byPrefix;

  private StickyCookieCodec(Map<T, String> valueOf, Map<Long, Candidate<T>> byPrefix) {
    this.valueOf = valueOf;
    this.byPrefix = byPrefix;
  }

  /**
   * Builds the codec for {@code endpoints}.
   *
   * @param secret per-gateway secret of at least {@link #MIN_SECRET_BYTES} bytes (copied)
   * @param scope binds values to one upstream (e.g. its name): a value of another upstream with the
   *     same endpoint ids does not decode here
   * @param idOf stable, unique endpoint id (not a list position)
   * @throws IllegalArgumentException if the secret is too short
   */
  public static <T> StickyCookieCodec<T> of(
      byte[] secret, String scope, List<T> endpoints, Function<? super T, String> idOf) {
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "sticky cookie secret has "
              + secret.length
              + " bytes (expected at least "
              + MIN_SECRET_BYTES
              + ", e.g. 32 random bytes)");
    }
    Mac mac = hmac(secret);
    Map<T, String> valueOf = new HashMap<>();
    Map<Long, Candidate<T>> byPrefix = new HashMap<>();
    for (T endpoint : endpoints) {
      byte[] tag = tag(mac, scope, idOf.apply(endpoint));
      String value = Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
      valueOf.put(endpoint, value);
      byPrefix.put(prefix(tag), new Candidate<>(endpoint, value));
    }
    return new StickyCookieCodec<>(valueOf, byPrefix);
  }

  /**
   * The cookie value for {@code endpoint}.
   *
   * @throws IllegalArgumentException if the endpoint is not one this codec was built for
   */
  public String encode(T endpoint) {
    String value = valueOf.get(endpoint);
    if (value == null) {
      throw new IllegalArgumentException("endpoint " + endpoint + " is not in this upstream");
    }
    return value;
  }

  /** The endpoint {@code cookieValue} pins; {@code null} when unknown, tampered or malformed. */
  public T decode(CharSequence cookieValue) {
    if (cookieValue == null || cookieValue.length() != VALUE_CHARS) {
      return null;
    }
    byte[] tag;
    try {
      tag = Base64.getUrlDecoder().decode(cookieValue.toString());
    } catch (IllegalArgumentException malformed) {
      return null;
    }
    Candidate<T> candidate = byPrefix.get(prefix(tag));
    return candidate != null && constantTimeEquals(candidate.value, cookieValue)
        ? candidate.endpoint
        : null;
  }

  /**
   * Compares the whole text, not the decoded bytes: the last of the 22 characters carries 4 unused
   * bits that a lenient base64 decoder ignores, and only the canonical value is accepted.
   */
  private static boolean constantTimeEquals(String expected, CharSequence actual) {
    int difference = 0;
    for (int i = 0; i < VALUE_CHARS; i++) {
      difference |= expected.charAt(i) ^ actual.charAt(i);
    }
    return difference == 0;
  }

  private static Mac hmac(byte[] secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.clone(), "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  private static byte[] tag(Mac mac, String scope, String id) {
    mac.update(scope.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0);
    return Arrays.copyOf(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)), TAG_BYTES);
  }

  private static long prefix(byte[] tag) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (tag[i] & 0xFF);
    }
    return value;
  }

  private record Candidate<T>(T endpoint, String value) {}
}
