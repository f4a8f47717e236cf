package dev.portico.gateway.accesslog;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Replaces the values of secret-bearing query parameters with {@code REDACTED} in a raw query
 * string, keeping everything else byte for byte. Names are compared case-insensitively after
 * percent-decoding, so {@code ACCESS%5Ftoken=…} is caught as well. Immutable and thread-safe.
 */
final class QueryRedactor {

  static final String REDACTED = "REDACTED";

  /** Parameters that carry credentials in OAuth 2, OIDC and common API-key conventions. */
  static final Set<String> BUILT_IN =
      Set.of(
          "access_token",
          "id_token",
          "refresh_token",
          "code",
          "token",
          "api_key",
          "apikey",
          "client_secret",
          "password");

  private final Set<String> names;

  QueryRedactor(Collection<String> extraNames) {
    Set<String> all = new TreeSet<>(BUILT_IN);
    extraNames.forEach(name -> all.add(name.toLowerCase(Locale.ROOT)));
    this.names = Set.copyOf(all);
  }

  /** The names redacted, lower case. */
  Set<String> names() {
    return names;
  }

  /** {@code rawQuery} with secret values replaced; null stays null. */
  String redact(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return rawQuery;
    }
    StringBuilder out = new StringBuilder(rawQuery.length());
    int start = 0;
    while (start <= rawQuery.length()) {
      int end = rawQuery.indexOf('&', start);
      if (end < 0) {
        end = rawQuery.length();
      }
      appendPair(rawQuery.substring(start, end), out);
      if (end < rawQuery.length()) {
        out.append('&');
      }
      start = end + 1;
    }
    return out.toString();
  }

  private void appendPair(String pair, StringBuilder out) {
    int equals = pair.indexOf('=');
    String rawName = equals < 0 ? pair : pair.substring(0, equals);
    if (equals >= 0 && names.contains(decodedName(rawName))) {
      out.append(rawName).append('=').append(REDACTED);
    } else {
      out.append(pair);
    }
  }

  private static String decodedName(String rawName) {
    String name = rawName;
    if (name.indexOf('%') >= 0 || name.indexOf('+') >= 0) {
      try {
        name = URLDecoder.decode(name, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException malformed) {
        // Keep the raw name: a malformed escape cannot spell a listed name anyway.
      }
    }
    return name.trim().toLowerCase(Locale.ROOT);
  }
}
