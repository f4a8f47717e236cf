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

  public static String render(List<Route> routes) {
    List<RouteEntry<Route>> entries = new ArrayList<>();
    routes.forEach(
        r -> entries.add(new RouteEntry<>(r.id(), RouteConditions.compile(r.match()), r)));
    List<RouteEntry<Route>> ordered =
        new ArrayList<>(RouteIndex.build(entries).inPrecedenceOrder());
    ordered.sort(Comparator.comparingInt(e -> hostTier(e.conditions())));
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {"#", "ROUTE", "HOSTS", "PATH", "CONDITIONS", "UPSTREAM", "FORWARDED PATH"});
    int n = 1;
    for (RouteEntry<Route> entry : ordered) {
      RouteConditions c = entry.conditions();
      Route route = entry.payload();
      String hosts =
          c.hosts().isEmpty()
              ? "*"
              : c.hosts().stream().map(HostPattern::source).collect(Collectors.joining(","));
      String extras = c.describeExtras();
      rows.add(
          new String[] {
            Integer.toString(n++),
            route.id(),
            hosts,
            c.path().source(),
            extras.isEmpty() ? "-" : extras,
            route.destination(),
            forwarded(route)
          });
    }
    return format(rows);
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
