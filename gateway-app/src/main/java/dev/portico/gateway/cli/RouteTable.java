package dev.portico.gateway.cli;

import dev.portico.config.model.Route;
import dev.portico.config.routing.HostPattern;
import dev.portico.config.routing.PathRewriter;
import dev.portico.config.routing.RouteConditions;
import dev.portico.config.routing.RouteEntry;
import dev.portico.config.routing.RouteIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The effective route table, in the order a request tries routes: routes for exact hosts first,
 * then wildcard hosts, then any host; within each, by path specificity and then file order.
 */
public final class RouteTable {

  private RouteTable() {}

  /**
   * One route of the table, in the words of {@code portico routes} and the admin console.
   *
   * @param position 1-based place in precedence order
   * @param auth how callers authenticate: public, bearer(issuers), api-key, login(issuer), or none
   * @param policies named policies plus the count of the route's own rules, or "-"
   * @param limits rate-limit policies, or "-"
   */
  public record Row(
      int position,
      String id,
      String hosts,
      String path,
      String conditions,
      String upstream,
      String forwarded,
      String auth,
      String policies,
      String limits) {}

  /** The routes in the order the gateway tries them. */
  public static List<Row> rows(List<Route> routes) {
    List<RouteEntry<Route>> entries = new ArrayList<>();
    routes.forEach(
        r -> entries.add(new RouteEntry<>(r.id(), RouteConditions.compile(r.match()), r)));
    List<RouteEntry<Route>> ordered =
        new ArrayList<>(RouteIndex.build(entries).inPrecedenceOrder());
    ordered.sort(Comparator.comparingInt(e -> hostTier(e.conditions())));
    List<Row> rows = new ArrayList<>();
    for (RouteEntry<Route> entry : ordered) {
      RouteConditions c = entry.conditions();
      Route route = entry.payload();
      String hosts =
          c.hosts().isEmpty()
              ? "*"
              : c.hosts().stream().map(HostPattern::source).collect(Collectors.joining(","));
      String extras = c.describeExtras();
      rows.add(
          new Row(
              rows.size() + 1,
              route.id(),
              hosts,
              c.path().source(),
              extras.isEmpty() ? "-" : extras,
              route.destination(),
              forwarded(route),
              auth(route),
              policies(route),
              route.rateLimits().isEmpty() ? "-" : String.join(",", route.rateLimits())));
    }
    return rows;
  }

  public static String render(List<Route> routes) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {"#", "ROUTE", "HOSTS", "PATH", "CONDITIONS", "UPSTREAM", "FORWARDED PATH"});
    for (Row row : rows(routes)) {
      rows.add(
          new String[] {
            Integer.toString(row.position()),
            row.id(),
            row.hosts(),
            row.path(),
            row.conditions(),
            row.upstream(),
            row.forwarded()
          });
    }
    return format(rows);
  }

  private static String auth(Route route) {
    if (route.auth() == null) {
      return route.publicRoute() ? "public" : "none";
    }
    List<String> kinds = new ArrayList<>();
    if (route.auth().bearer() != null) {
      kinds.add("bearer(" + String.join(",", route.auth().bearer().issuers()) + ")");
    }
    if (route.auth().apiKey() != null) {
      kinds.add("api-key");
    }
    if (route.auth().login() != null) {
      kinds.add("login(" + route.auth().login().issuer() + ")");
    }
    return String.join(" ", kinds);
  }

  private static String policies(Route route) {
    if (route.authorization() == null) {
      return "-";
    }
    List<String> parts = new ArrayList<>(route.authorization().policies());
    int own = route.authorization().allow().size() + route.authorization().deny().size();
    if (own > 0) {
      parts.add(own + " own rule(s)");
    }
    return parts.isEmpty() ? "-" : String.join(",", parts);
  }

  private static int hostTier(RouteConditions conditions) {
    if (conditions.hosts().isEmpty()) {
      return 2;
    }
    return conditions.hosts().stream().anyMatch(h -> !h.wildcard()) ? 0 : 1;
  }

  private static String forwarded(Route route) {
    if (route.rewritePath() != null) {
      return "rewrite " + route.rewritePath().regex() + " -> " + route.rewritePath().replacement();
    }
    return PathRewriter.of(route).isIdentity()
        ? "as received"
        : "strip " + route.stripPrefix() + " segment(s)";
  }

  private static String format(List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        out.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
