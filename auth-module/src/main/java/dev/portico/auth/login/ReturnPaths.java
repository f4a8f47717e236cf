package dev.portico.auth.login;

/**
 * Keeps post-login and post-logout redirects on this host: only an absolute path (with an optional
 * query) is kept, so a crafted request cannot turn the login into an open redirect.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReturnPaths {

  /** Longest path kept. */
  public static final int MAX_LENGTH = 2048;

  private ReturnPaths() {}

  /**
   * {@code candidate} when it is a path on this host, else {@code "/"}. Refused: null or empty,
   * anything not starting with a single {@code /} (absolute URLs, {@code //host}, {@code /\host}),
   * control characters, spaces, non-ASCII or backslashes anywhere (browsers treat {@code \} like
   * {@code /}; the path is expected raw, percent-encoded), and paths longer than {@value
   * #MAX_LENGTH} characters (they would bloat the login cookie).
   */
  public static String sanitize(String candidate) {
    if (candidate == null
        || candidate.isEmpty()
        || candidate.length() > MAX_LENGTH
        || candidate.charAt(0) != '/') {
      return "/";
    }
    if (candidate.length() > 1 && (candidate.charAt(1) == '/' || candidate.charAt(1) == '\\')) {
      return "/";
    }
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '\\') {
        return "/";
      }
    }
    return candidate;
  }
}
