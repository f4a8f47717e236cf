package dev.portico.config.watch;

import dev.portico.config.ConfigError;
import java.util.List;

/**
 * What a reload did.
 *
 * @param result applied, unchanged (same content as running) or rejected
 * @param digest SHA-256 of the file read, when it was valid
 * @param errors why it was rejected; empty otherwise
 */
public record ReloadOutcome(Result result, String digest, List<ConfigError> errors) {

  /** The kinds of reload outcome; lower-case names are metric tag values. */
  public enum Result {
    APPLIED,
    UNCHANGED,
    REJECTED;

    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public ReloadOutcome {
    errors = List.copyOf(errors);
  }

  static ReloadOutcome applied(String digest) {
    return new ReloadOutcome(Result.APPLIED, digest, List.of());
  }

  static ReloadOutcome unchanged(String digest) {
    return new ReloadOutcome(Result.UNCHANGED, digest, List.of());
  }

  static ReloadOutcome rejected(List<ConfigError> errors) {
    return new ReloadOutcome(Result.REJECTED, null, errors);
  }
}
