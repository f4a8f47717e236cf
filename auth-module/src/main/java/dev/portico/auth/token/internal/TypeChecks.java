package dev.portico.auth.token.internal;

import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import java.util.Locale;

/**
 * Checks the JOSE {@code typ} header. Media types compare case-insensitively and with or without
 * the {@code application/} prefix (RFC 7515 §4.1.9), so {@code at+jwt} also matches {@code
 * application/at+JWT}. Immutable; thread-safe.
 */
final class TypeChecks {

  private TypeChecks() {}

  /** Requires {@code typ} to be {@code expected}; accepts any typ when expected is null. */
  static JOSEObjectTypeVerifier<KeyContext> accessToken(String expected) {
    if (expected == null) {
      return (type, context) -> {};
    }
    String wanted = normalize(expected);
    return (type, context) -> {
      if (type == null || !wanted.equals(normalize(type.getType()))) {
        throw CheckFailure.invalid("token type (typ) is not accepted");
      }
    };
  }

  /** Refuses access tokens (RFC 9068 {@code at+jwt}) offered as ID tokens. */
  static JOSEObjectTypeVerifier<KeyContext> idToken() {
    String accessToken = normalize("at+jwt");
    return (type, context) -> {
      if (type != null && accessToken.equals(normalize(type.getType()))) {
        throw CheckFailure.invalid("an access token is not an ID token");
      }
    };
  }

  static String normalize(String type) {
    String lower = type.toLowerCase(Locale.ROOT);
    return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
  }
}
