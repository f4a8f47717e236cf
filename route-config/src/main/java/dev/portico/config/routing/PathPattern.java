package dev.portico.config.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A compiled route path: exact ({@code /health}), template ({@code /users/{id}}, whole segments
 * only) or prefix ({@code /api/**}, which also matches {@code /api} itself). Immutable.
 *
 * <p>Specificity orders patterns that match the same request: exact before template before prefix;
 * among prefixes, the longer one wins; among templates, and among prefixes of the same length, a
 * literal segment beats a variable at the first position where they differ.
 */
public final class PathPattern implements Comparable<PathPattern> {

  /** The kind of pattern, in precedence order. */
  public enum Kind {
    EXACT,
    TEMPLATE,
    PREFIX
  }

  private static final Pattern VARIABLE = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*}");
  private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9\\-._~!$&'()*+,;=:@%]*");

  private final String source;
  private final Kind kind;
  private final List<String> segments;
  private final boolean[] variable;

  private PathPattern(String source, Kind kind, List<String> segments) {
    this.source = source;
    this.kind = kind;
    this.segments = List.copyOf(segments);
    this.variable = new boolean[segments.size()];
    for (int i = 0; i < segments.size(); i++) {
      variable[i] = VARIABLE.matcher(segments.get(i)).matches();
    }
  }

  /**
   * Parses {@code source}.
   *
   * @throws IllegalArgumentException naming the offending part and what was expected
   */
  public static PathPattern parse(String source) {
    if (!source.startsWith("/")) {
      throw new IllegalArgumentException("'" + source + "' must start with /");
    }
    String body = source.substring(1);
    Kind kind = Kind.EXACT;
    if (source.equals("/**")) {
      return new PathPattern(source, Kind.PREFIX, List.of());
    }
    if (body.endsWith("/**")) {
      kind = Kind.PREFIX;
      body = body.substring(0, body.length() - 3);
    }
    List<String> segments = new ArrayList<>(List.of(body.split("/", -1)));
    if (segments.size() == 1 && segments.get(0).isEmpty()) {
      segments.clear();
    }
    for (String segment : segments) {
      checkSegment(source, segment);
      if (kind == Kind.EXACT && VARIABLE.matcher(segment).matches()) {
        kind = Kind.TEMPLATE;
      }
    }
    return new PathPattern(source, kind, segments);
  }

  private static void checkSegment(String source, String segment) {
    if (segment.contains("**")) {
      throw new IllegalArgumentException(
          "'" + source + "': ** is only allowed as the last segment (expected e.g. /api/**)");
    }
    if (segment.contains("{") || segment.contains("}")) {
      if (!VARIABLE.matcher(segment).matches()) {
        throw new IllegalArgumentException(
            "'"
                + source
                + "': '"
                + segment
                + "' is not a template variable (expected a whole segment like {id})");
      }
      return;
    }
    if (segment.contains("*")) {
      throw new IllegalArgumentException(
          "'"
              + source
              + "': '"
              + segment
              + "' uses * inside a segment (expected {name} for one segment or /** at the end)");
    }
    if (segment.contains("?")) {
      throw new IllegalArgumentException(
          "'"
              + source
              + "': a path pattern does not include the query (match query parameters"
              + " with match.query)");
    }
    if (!LITERAL.matcher(segment).matches()) {
      throw new IllegalArgumentException(
          "'"
              + source
              + "': '"
              + segment
              + "' has characters not allowed in a path"
              + " (percent-encode them)");
    }
  }

  public String source() {
    return source;
  }

  public Kind kind() {
    return kind;
  }

  /** Segments before any trailing {@code /**}; template variables as written ({@code {id}}). */
  public List<String> segments() {
    return segments;
  }

  public boolean isVariable(int index) {
    return variable[index];
  }

  /** Names of the template variables, in order. */
  public List<String> variableNames() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      if (variable[i]) {
        String s = segments.get(i);
        names.add(s.substring(1, s.length() - 1));
      }
    }
    return names;
  }

  @Override
  public int compareTo(PathPattern other) {
    int byKind = kind.compareTo(other.kind);
    if (byKind != 0) {
      return byKind;
    }
    if (kind == Kind.PREFIX && segments.size() != other.segments.size()) {
      return Integer.compare(other.segments.size(), segments.size());
    }
    int shared = Math.min(segments.size(), other.segments.size());
    for (int i = 0; i < shared; i++) {
      if (variable[i] != other.variable[i]) {
        return variable[i] ? 1 : -1;
      }
    }
    // Exact and template patterns of different lengths never match the same path, so this order
    // only keeps the comparison transitive (a sort would otherwise be free to fail), listing the
    // longer one first.
    return Integer.compare(other.segments.size(), segments.size());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathPattern other && source.equals(other.source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
