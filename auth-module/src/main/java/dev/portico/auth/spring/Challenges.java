package dev.portico.auth.spring;

import dev.portico.config.model.RouteAuth;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code WWW-Authenticate} values for a route (RFC 6750 for bearer tokens): without {@code error}
 * when no credential was sent, with {@code error="invalid_token"} and a description otherwise.
 */
final class Challenges {

  private Challenges() {}

  static List<String> of(RouteAuth auth, String realm, String error, String description) {
    List<String> challenges = new ArrayList<>(2);
    if (auth.bearer() != null || auth.login() != null) {
      StringBuilder bearer =
          new StringBuilder("Bearer realm=\"").append(quotable(realm)).append('"');
      if (error != null) {
        bearer.append(", error=\"").append(error).append('"');
      }
      if (description != null) {
        bearer.append(", error_description=\"").append(quotable(description)).append('"');
      }
      challenges.add(bearer.toString());
    }
    if (auth.apiKey() != null) {
      challenges.add(
          "ApiKey realm=\"" + quotable(realm) + "\", header=\"" + auth.apiKey().header() + "\"");
    }
    return challenges;
  }

  /** Keeps a value inside a quoted-string: no quotes, backslashes or control characters. */
  static String quotable(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (char c : value.toCharArray()) {
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        out.append(c);
      }
    }
    return out.toString();
  }
}
