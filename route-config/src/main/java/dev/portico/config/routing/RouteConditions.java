package dev.portico.config.routing;

import dev.portico.config.model.RouteMatch;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A route's compiled match conditions. Immutable; built once per snapshot.
 *
 * @param path the path pattern
 * @param hosts host patterns, empty for any host
 * @param methods upper-case methods, empty for any method
 * @param headers header conditions, all of which must hold
 * @param query query parameter conditions, all of which must hold
 */
public record RouteConditions(
    PathPattern path,
    List<HostPattern> hosts,
    Set<String> methods,
    List<ValueCondition> headers,
    List<ValueCondition> query) {

  /**
   * Precedence among routes that match the same request: path specificity, then routes that
   * restrict methods, then more header conditions, then more query conditions. Ties keep file order
   * (the sort is stable).
   */
  public static final Comparator<RouteConditions> PRECEDENCE =
      Comparator.comparing(RouteConditions::path)
          .thenComparing(c -> c.methods().isEmpty())
          .thenComparing(c -> -c.headers().size())
          .thenComparing(c -> -c.query().size());

  /**
   * Compiles a validated match block.
   *
   * @throws IllegalArgumentException if a pattern is invalid (the loader reports these first)
   */
  public static RouteConditions compile(RouteMatch match) {
    return new RouteConditions(
        PathPattern.parse(match.path()),
        match.hosts().stream().map(HostPattern::parse).toList(),
        Set.copyOf(new LinkedHashSet<>(match.methods())),
        match.headers().stream().map(ValueCondition::of).toList(),
        match.query().stream().map(ValueCondition::of).toList());
  }

  /** Whether the conditions other than path, host and method hold. */
  boolean headersAndQueryMatch(RequestView request) {
    for (ValueCondition condition : headers) {
      if (!condition.test(request.headers(condition.name()))) {
        return false;
      }
    }
    for (ValueCondition condition : query) {
      if (!condition.test(request.queryParams(condition.name()))) {
        return false;
      }
    }
    return true;
  }

  boolean methodMatches(String method) {
    return methods.isEmpty() || methods.contains(method);
  }

  /** One-line summary of the conditions besides path and host, for route listings. */
  public String describeExtras() {
    StringBuilder out = new StringBuilder();
    if (!methods.isEmpty()) {
      out.append(String.join(",", methods.stream().sorted().toList()));
    }
    headers.forEach(h -> out.append(out.isEmpty() ? "" : " ").append("header:").append(h));
    query.forEach(q -> out.append(out.isEmpty() ? "" : " ").append("query:").append(q));
    return out.toString();
  }
}
