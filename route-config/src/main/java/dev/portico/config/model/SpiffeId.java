package dev.portico.config.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A SPIFFE ID, {@code spiffe://<trust-domain>/<path>}, checked against the SPIFFE ID rules: scheme
 * {@code spiffe}, a trust domain of lowercase letters, digits, dots, dashes and underscores, path
 * segments of letters, digits, dots, dashes and underscores (none empty, none {@code .} or {@code
 * ..}), and no port, user info, query or fragment. Immutable; equal when the text is equal.
 */
public record SpiffeId(String trustDomain, String path) {

  /** What {@link #parse} accepts, for error messages. */
  public static final String EXPECTED =
      "spiffe://<trust-domain>/<path>, e.g. spiffe://cluster.local/ns/shop/sa/orders";

  private static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9._-]+");
  private static final Pattern SEGMENT = Pattern.compile("[a-zA-Z0-9._-]+");
  private static final String SCHEME = "spiffe://";

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the value, the rule it breaks and what was expected
   */
  public static SpiffeId parse(String text) {
    String id = text.strip();
    if (!id.startsWith(SCHEME)) {
      throw invalid(text, "it does not start with spiffe://");
    }
    String rest = id.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String domain = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    String domainProblem = trustDomainProblem(domain);
    if (domainProblem != null) {
      throw invalid(text, domainProblem);
    }
    if (path.contains("?") || path.contains("#")) {
      throw invalid(text, "a SPIFFE ID has no query or fragment");
    }
    if (!path.isEmpty()) {
      for (String segment : path.substring(1).split("/", -1)) {
        if (segment.isEmpty()) {
          throw invalid(text, "its path has an empty segment or ends with /");
        }
        if (segment.equals(".") || segment.equals("..")) {
          throw invalid(text, "its path has a . or .. segment");
        }
        if (!SEGMENT.matcher(segment).matches()) {
          throw invalid(
              text, "path segment '" + segment + "' has characters other than [a-zA-Z0-9._-]");
        }
      }
    }
    return new SpiffeId(domain, path);
  }

  /** What is wrong with a trust domain name, or null when it is valid. */
  public static String trustDomainProblem(String domain) {
    if (domain.isEmpty()) {
      return "the trust domain is empty";
    }
    if (domain.contains(":")) {
      return "a trust domain has no port";
    }
    if (domain.contains("@")) {
      return "a SPIFFE ID has no user info";
    }
    if (domain.contains("?") || domain.contains("#")) {
      return "a SPIFFE ID has no query or fragment";
    }
    if (!domain.equals(domain.toLowerCase(Locale.ROOT))) {
      return "the trust domain must be lowercase";
    }
    if (!TRUST_DOMAIN.matcher(domain).matches()) {
      return "the trust domain has characters other than [a-z0-9._-]";
    }
    return null;
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException(
        "'" + text + "' is not a SPIFFE ID: " + why + " (expected " + EXPECTED + ")");
  }

  @Override
  public String toString() {
    return SCHEME + trustDomain + path;
  }
}
