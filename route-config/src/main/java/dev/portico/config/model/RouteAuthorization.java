package dev.portico.config.model;

import dev.portico.config.schema.Doc;
import java.util.List;

/** The authorization of one route: named policies plus rules of its own. */
@Doc(
    "Authorization of the route: the named policies' rules and the route's own rules are checked"
        + " together. Any deny rule that matches refuses; otherwise any allow rule that matches"
        + " grants; with allow rules and none matching, the request is refused.")
public record RouteAuthorization(
    @Doc("Names of policies (under `policies`) that apply to the route.") List<String> policies,
    @Doc("The route's own rules that grant access.") List<Rule> allow,
    @Doc("The route's own rules that refuse access.") List<Rule> deny) {

  public RouteAuthorization {
    policies = Models.list(policies);
    allow = Models.list(allow);
    deny = Models.list(deny);
  }
}
