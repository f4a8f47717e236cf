package dev.portico.config.model;

import dev.portico.config.schema.Doc;
import dev.portico.config.schema.NonEmpty;
import dev.portico.config.schema.Required;
import java.util.List;

/** The conditions a request must meet, all of them, to take a route. */
@Doc("Conditions a request must meet, all together, to take the route.")
public record RouteMatch(
    @Doc(
            "Path pattern: exact (/health), template with {name} segments (/users/{id}), or"
                + " prefix ending in /** (/api/**).")
        @Required
        String path,
    @Doc("Host names (exact, or *.example.com for any subdomain); any host when left out.")
        @NonEmpty
        List<String> hosts,
    @Doc("HTTP methods; any method when left out.") @NonEmpty List<String> methods,
    @Doc("Header conditions; all must hold.") List<ValueMatch> headers,
    @Doc("Query parameter conditions; all must hold.") List<ValueMatch> query) {

  public RouteMatch {
    hosts = Models.list(hosts);
    methods = Models.list(methods);
    headers = Models.list(headers);
    query = Models.list(query);
  }
}
