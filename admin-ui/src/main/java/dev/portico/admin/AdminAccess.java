package dev.portico.admin;

import dev.portico.config.model.AdminSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Who may do what in the admin API: {@link Level#ADMIN} reads and changes, {@link Level#READ_ONLY}
 * only reads ({@code GET}), {@link Level#NONE} nothing. Stateless and thread-safe.
 */
public final class AdminAccess {

  /** What a caller may do. */
  public enum Level {
    ADMIN,
    READ_ONLY,
    NONE;

    /** Whether this level may use {@code method} (GET and HEAD read; anything else changes). */
    public boolean permits(String method) {
      return switch (this) {
        case ADMIN -> true;
        case READ_ONLY -> "GET".equals(method) || "HEAD".equals(method);
        case NONE -> false;
      };
    }

    /** Lower-case name for JSON and logs: admin, read-only, none. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private AdminAccess() {}

  /** The level of a principal with {@code roles}: admin wins over read-only. */
  public static Level levelOf(Collection<String> roles, AdminSettings settings) {
    if (roles.stream().anyMatch(settings.adminRoles()::contains)) {
      return Level.ADMIN;
    }
    if (roles.stream().anyMatch(settings.readOnlyRoles()::contains)) {
      return Level.READ_ONLY;
    }
    return Level.NONE;
  }

  /**
   * Whether {@code token} is the bootstrap token: its SHA-256 is compared with the configured hex
   * digest in constant time. False when no bootstrap token is configured.
   */
  public static boolean isBootstrapToken(String token, AdminSettings settings) {
    String expected = settings.bootstrapTokenSha256();
    if (expected == null || token == null) {
      return false;
    }
    byte[] actual = sha256(token.getBytes(StandardCharsets.UTF_8));
    return MessageDigest.isEqual(
        actual, HexFormat.of().parseHex(expected.toLowerCase(Locale.ROOT)));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Hex SHA-256 of {@code text} (UTF-8): what bootstrap-token-sha256 holds. */
  public static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
  }
}
