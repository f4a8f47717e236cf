package dev.portico.config;

import dev.portico.config.model.PorticoConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A configuration that passed validation, with the text it came from.
 *
 * @param source the file name it was read from
 * @param config the validated model
 * @param text the exact file content, for the console's diff and history
 */
public record LoadedConfig(String source, PorticoConfig config, String text) {

  /** SHA-256 of the text, hex; identifies a config version in logs and metrics. */
  public String digest() {
    return digestOf(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * SHA-256 of a file's bytes, hex: equal to {@link #digest()} of the configuration read from them
   * (the text is their strict UTF-8 decoding, which encodes back to the same bytes).
   */
  public static String digestOf(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
