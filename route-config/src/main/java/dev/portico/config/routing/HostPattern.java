package dev.portico.config.routing;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A route host: an exact name ({@code api.example.com}) or a wildcard ({@code *.example.com}, which
 * matches any name ending in {@code .example.com}, however many labels precede it, but not {@code
 * example.com} itself). Names compare case-insensitively. Immutable.
 */
public record HostPattern(String source, boolean wildcard, String name) {

  private static final Pattern LABELS =
      Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

  /**
   * Parses {@code source}.
   *
   * @throws IllegalArgumentException naming what was expected
   */
  public static HostPattern parse(String source) {
    String lower = source.trim().toLowerCase(Locale.ROOT);
    boolean wildcard = lower.startsWith("*.");
    String name = wildcard ? lower.substring(2) : lower;
    if (!LABELS.matcher(name).matches() || name.length() > 253) {
      throw new IllegalArgumentException(
          "'"
              + source
              + "' is not a host name (expected e.g. api.example.com or *.example.com,"
              + " without port)");
    }
    return new HostPattern(source, wildcard, wildcard ? "." + name : name);
  }

  /**
   * The host part of a Host header or authority: lower case, without port and trailing dot; an IPv6
   * literal keeps its brackets.
   */
  public static String normalize(String hostHeader) {
    if (hostHeader == null) {
      return "";
    }
    String host = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close < 0 ? host : host.substring(0, close + 1);
    }
    int colon = host.indexOf(':');
    if (colon >= 0) {
      host = host.substring(0, colon);
    }
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }
}
