package dev.portico.config.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the route for a request without scanning all routes: a hash lookup by host, then a walk of
 * a path trie, then the remaining conditions of the few candidates in precedence order.
 *
 * <p>Precedence: routes naming the exact host are tried first, then wildcard hosts (longest suffix
 * first), then routes for any host. Within a tier, candidates are ordered by {@link
 * RouteConditions#PRECEDENCE}, then file order. Immutable once built; safe for concurrent lookups.
 */
public final class RouteIndex<T> {

  private final List<RouteEntry<T>> ordered;
  private final Map<String, PathTrie<T>> exactHosts = new HashMap<>();
  private final Map<String, PathTrie<T>> wildcardHosts = new HashMap<>();
  private final PathTrie<T> anyHost = new PathTrie<>();

  private RouteIndex(List<RouteEntry<T>> entries) {
    List<RouteEntry<T>> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(RouteEntry::conditions, RouteConditions.PRECEDENCE));
    this.ordered = List.copyOf(sorted);
    for (int rank = 0; rank < sorted.size(); rank++) {
      PathTrie.Ranked<T> ranked = new PathTrie.Ranked<>(rank, sorted.get(rank));
      List<HostPattern> hosts = ranked.entry().conditions().hosts();
      if (hosts.isEmpty()) {
        anyHost.insert(ranked);
      }
      for (HostPattern host : hosts) {
        Map<String, PathTrie<T>> tier = host.wildcard() ? wildcardHosts : exactHosts;
        tier.computeIfAbsent(host.name(), h -> new PathTrie<>()).insert(ranked);
      }
    }
  }

  /** Builds the index; {@code entries} are in file order. */
  public static <T> RouteIndex<T> build(List<RouteEntry<T>> entries) {
    return new RouteIndex<>(entries);
  }

  /** All routes in precedence order (host tiers aside), as {@code portico routes} prints them. */
  public List<RouteEntry<T>> inPrecedenceOrder() {
    return ordered;
  }

  public RouteLookup<T> find(RequestView request) {
    String[] segments = segments(request.path());
    Set<String> allowed = null;
    String host = request.host();
    List<PathTrie<T>> tiers = new ArrayList<>(4);
    PathTrie<T> exact = exactHosts.get(host);
    if (exact != null) {
      tiers.add(exact);
    }
    if (!wildcardHosts.isEmpty()) {
      for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
        PathTrie<T> wildcard = wildcardHosts.get(host.substring(dot));
        if (wildcard != null) {
          tiers.add(wildcard);
        }
      }
    }
    tiers.add(anyHost);
    List<PathTrie.Ranked<T>> candidates = new ArrayList<>(4);
    for (PathTrie<T> tier : tiers) {
      candidates.clear();
      tier.collect(segments, candidates);
      if (candidates.size() > 1) {
        candidates.sort(Comparator.comparingInt(PathTrie.Ranked::rank));
      }
      for (PathTrie.Ranked<T> candidate : candidates) {
        RouteConditions conditions = candidate.entry().conditions();
        if (!conditions.headersAndQueryMatch(request)) {
          continue;
        }
        if (conditions.methodMatches(request.method())) {
          return new RouteLookup.Found<>(candidate.entry());
        }
        if (allowed == null) {
          allowed = new TreeSet<>();
        }
        allowed.addAll(conditions.methods());
      }
    }
    return allowed == null
        ? new RouteLookup.NotFound<>()
        : new RouteLookup.MethodNotAllowed<>(allowed);
  }

  /** {@code /a/b} → [a, b]; {@code /} → []; a trailing slash gives a last empty segment. */
  static String[] segments(String path) {
    if (path.isEmpty() || path.equals("/")) {
      return new String[0];
    }
    String body = path.charAt(0) == '/' ? path.substring(1) : path;
    return body.split("/", -1);
  }
}
