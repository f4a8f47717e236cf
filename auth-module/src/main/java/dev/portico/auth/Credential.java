package dev.portico.auth;

import dev.portico.config.model.RouteAuth;
import java.util.List;
import java.util.function.Function;

/**
 * The credential a request presents to a route, looked for in a fixed order: a bearer token (when
 * the route accepts bearer tokens), then an API key (when it accepts API keys). Browser sessions
 * are looked at separately, by the login machinery.
 */
public sealed interface Credential {

  /** An {@code Authorization: Bearer} token. */
  record Bearer(String token) implements Credential {}

  /** An API key from the route's header or query parameter. */
  record ApiKey(String key) implements Credential {}

  /** Something is wrong with how the credential was sent (e.g. two Authorization headers). */
  record Malformed(String description) implements Credential {}

  /** No bearer token or API key. */
  record Absent() implements Credential {}

  /**
   * Finds the credential of a request.
   *
   * @param authorization every {@code Authorization} header value
   * @param header a header's first value by name, or null
   * @param query a query parameter's first value by name, or null
   */
  static Credential find(
      RouteAuth auth,
      List<String> authorization,
      Function<String, String> header,
      Function<String, String> query) {
    if (auth.bearer() != null) {
      if (authorization.size() > 1) {
        return new Malformed("Send exactly one Authorization header.");
      }
      String token = bearerToken(authorization);
      if (token != null) {
        return new Bearer(token);
      }
    }
    if (auth.apiKey() != null) {
      String key = header.apply(auth.apiKey().header());
      if (key == null && auth.apiKey().query() != null) {
        key = query.apply(auth.apiKey().query());
      }
      if (key != null && !key.isBlank()) {
        return new ApiKey(key.strip());
      }
    }
    return new Absent();
  }

  /** The token of an {@code Authorization: Bearer} header (scheme case-insensitive), or null. */
  static String bearerToken(List<String> authorization) {
    if (authorization.size() != 1) {
      return null;
    }
    String value = authorization.get(0);
    String prefix = "bearer ";
    if (value.length() <= prefix.length()
        || !value.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return null;
    }
    String token = value.substring(prefix.length()).strip();
    return token.isEmpty() ? null : token;
  }
}
