package dev.portico.auth.login;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM authenticated encryption for one purpose. A sealed value is base64url (no padding) of
 * {@code version(1) || nonce(12) || ciphertext || tag(16)}; the purpose label is the additional
 * authenticated data, so a value sealed for one purpose never opens as another.
 *
 * <p>Thread-safe: the key is immutable and every call uses its own {@link Cipher}.
 */
final class SealedBox {

  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int KEY_BYTES = 32;
  private static final int OVERHEAD = 1 + NONCE_BYTES + TAG_BITS / 8;
  private static final byte[] SALT = "portico cookie keys".getBytes(StandardCharsets.US_ASCII);

  private final SecretKey key;
  private final byte[] associatedData;
  private final RandomGenerator random;

  /**
   * @param secret the configured secret (at least 32 bytes)
   * @param purpose a label such as {@code portico/session/v1}; also the HKDF info
   * @param random source of GCM nonces; a {@link java.security.SecureRandom} in production
   */
  SealedBox(byte[] secret, String purpose, RandomGenerator random) {
    byte[] label = purpose.getBytes(StandardCharsets.US_ASCII);
    this.key = new SecretKeySpec(Hkdf.sha256(secret, SALT, label, KEY_BYTES), "AES");
    this.associatedData = label;
    this.random = random;
  }

  String seal(byte[] plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData);
      byte[] sealed = cipher.doFinal(plaintext);
      ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length);
      out.put(VERSION).put(nonce).put(sealed);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * The plaintext, or empty when the value is malformed, tampered with or sealed by another key.
   */
  Optional<byte[]> open(String sealed) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(sealed);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (raw.length < OVERHEAD || raw[0] != VERSION) {
      return Optional.empty();
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 1, NONCE_BYTES));
      cipher.updateAAD(associatedData);
      return Optional.of(cipher.doFinal(raw, 1 + NONCE_BYTES, raw.length - 1 - NONCE_BYTES));
    } catch (GeneralSecurityException e) {
      // AEADBadTagException: tampered, truncated or another key.
      return Optional.empty();
    }
  }
}
