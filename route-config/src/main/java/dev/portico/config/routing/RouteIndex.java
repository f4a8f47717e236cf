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
 * a path trie, then the remaining conditions of the few candidates, cheapest checks first.
 *
 * <p>Precedence: routes naming the exact host are tried first, then wildcard hosts (longest suffix
 * first), then routes for any host. Within a tier, the candidate with the best {@link
 * RouteConditions#PRECEDENCE} rank wins (file order breaks ties). A lookup allocates almost nothing
 * and touches a number of nodes bounded by the path's depth, so its cost hardly depends on how many
 * routes there are. Immutable once built; safe for concurrent lookups.
 */
public final class RouteIndex<T> {

  @SuppressWarnings("rawtypes")
  private static final RouteLookup.NotFound NOT_FOUND = new RouteLookup.NotFound<>();

  private final List<RouteEntry<T>> ordered;
  private final Map<String, PathTrie<T>> exactHosts = new HashMap<>();
  private final RegionTable<PathTrie<T>> wildcardHosts = new RegionTable<>();
  private final PathTrie<T> anyHost = new PathTrie<>();

  private RouteIndex(List<RouteEntry<T>> entries) {
    List<RouteEntry<T>> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(RouteEntry::conditions, RouteConditions.PRECEDENCE));
    this.ordered = List.copyOf(sorted);
    for (int rank = 0; rank < sorted.size(); rank++) {
      Ranked<T> ranked = new Ranked<>(rank, sorted.get(rank));
      List<HostPattern> hosts = ranked.entry().conditions().hosts();
      if (hosts.isEmpty()) {
        anyHost.insert(ranked);
      }
      for (HostPattern host : hosts) {
        PathTrie<T> trie =
            host.wildcard()
                ? wildcardHosts.computeIfAbsent(host.name(), PathTrie::new)
                : exactHosts.computeIfAbsent(host.name(), h -> new PathTrie<>());
        trie.insert(ranked);
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

  @SuppressWarnings("unchecked")
  public RouteLookup<T> find(RequestView request) {
    String host = request.host();
    String path = request.path();
    BestMatch<T> best = new BestMatch<>(request);
    PathTrie<T> exact = exactHosts.get(host);
    if (exact != null && best.search(exact, path)) {
      return best.found();
    }
    if (!wildcardHosts.isEmpty()) {
      for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
        PathTrie<T> wildcard = wildcardHosts.get(host, dot, host.length());
        if (wildcard != null && best.search(wildcard, path)) {
          return best.found();
        }
      }
    }
    if (best.search(anyHost, path)) {
      return best.found();
    }
    Set<String> allowed = allowedMethods(request, exact);
    return allowed.isEmpty() ? NOT_FOUND : new RouteLookup.MethodNotAllowed<>(allowed);
  }

  /** The methods of routes that match everything but the method (the slow path of a miss). */
  private Set<String> allowedMethods(RequestView request, PathTrie<T> exact) {
    Set<String> allowed = new TreeSet<>();
    PathTrie.Visitor<T> collector =
        candidates -> {
          for (Ranked<T> candidate : candidates) {
            if (candidate.headersAndQueryMatch(request)) {
              allowed.addAll(candidate.entry().conditions().methods());
            }
          }
        };
    String host = request.host();
    String path = request.path();
    if (exact != null) {
      exact.visit(path, collector);
    }
    for (int dot = host.indexOf('.');
        dot >= 0 && !wildcardHosts.isEmpty();
        dot = host.indexOf('.', dot + 1)) {
      PathTrie<T> wildcard = wildcardHosts.get(host, dot, host.length());
      if (wildcard != null) {
        wildcard.visit(path, collector);
      }
    }
    anyHost.visit(path, collector);
    return allowed;
  }

  /** Keeps the best-ranked candidate that passes every condition; tests conditions lazily. */
  private static final class BestMatch<T> implements PathTrie.Visitor<T> {
    private final RequestView request;
    private final String method;
    private Ranked<T> best;

    BestMatch(RequestView request) {
      this.request = request;
      this.method = request.method();
    }

    /** Searches one host tier; true when it found a match. */
    boolean search(PathTrie<T> trie, String path) {
      trie.visit(path, this);
      return best != null;
    }

    @Override
    public void offer(Ranked<T>[] candidates) {
      for (Ranked<T> candidate : candidates) {
        if ((best == null || candidate.rank < best.rank)
            && candidate.methodMatches(method)
            && candidate.headersAndQueryMatch(request)) {
          best = candidate;
        }
      }
    }

    RouteLookup<T> found() {
      return best.found;
    }
  }
}
