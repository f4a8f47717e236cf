package dev.portico.config.routing;

import java.util.Set;

/**
 * A route as the index walks it: its global precedence rank (lower wins), what a match returns, and
 * the conditions beyond path and host in the cheapest form to test. Immutable.
 */
final class Ranked<T> {

  final int rank;
  final RouteLookup.Found<T> found;
  private final String[] methods;
  private final boolean anyMethod;
  private final boolean extraConditions;

  Ranked(int rank, RouteEntry<T> entry) {
    this.rank = rank;
    this.found = new RouteLookup.Found<>(entry);
    Set<String> allowed = entry.conditions().methods();
    this.methods = allowed.toArray(String[]::new);
    this.anyMethod = allowed.isEmpty();
    this.extraConditions =
        !entry.conditions().headers().isEmpty() || !entry.conditions().query().isEmpty();
  }

  RouteEntry<T> entry() {
    return found.entry();
  }

  boolean methodMatches(String method) {
    if (anyMethod) {
      return true;
    }
    for (String allowed : methods) {
      if (allowed.equals(method)) {
        return true;
      }
    }
    return false;
  }

  boolean headersAndQueryMatch(RequestView request) {
    return !extraConditions || found.entry().conditions().headersAndQueryMatch(request);
  }
}
