package dev.portico.config.model;

import dev.portico.config.schema.Doc;
import java.util.List;

/** A named, reusable set of authorization rules. */
@Doc(
    "An authorization policy: allow rules (any one grants) and deny rules (any one refuses, and a"
        + " deny always wins).")
public record Policy(
    @Doc("Rules that grant access; one matching rule is enough.") List<Rule> allow,
    @Doc("Rules that refuse access, whatever the allow rules say.") List<Rule> deny) {

  public Policy {
    allow = Models.list(allow);
    deny = Models.list(deny);
  }
}
