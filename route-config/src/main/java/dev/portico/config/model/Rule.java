package dev.portico.config.model;

import dev.portico.config.schema.Doc;
import java.util.List;

/**
 * One authorization rule. Every condition it states must hold for it to match (roles and scopes and
 * consumers and the CEL condition); it states at least one.
 */
@Doc(
    "An authorization rule. It matches when every condition it states holds: roles, scopes,"
        + " consumers and the CEL condition `when`. It must state at least one.")
public record Rule(
    @Doc(
            "A name for decision logs, metrics-free explanations and `portico explain`;"
                + " e.g. `allow[0]` when left out.")
        String name,
    @Doc("Roles the caller must hold.") SetMatch roles,
    @Doc("Scopes the caller's token must grant.") SetMatch scopes,
    @Doc("API-key consumers (names under `consumers`) of which the caller must be one.")
        List<String> consumers,
    @Doc(
            "A CEL condition that must be true, over request, principal, token and route; see"
                + " docs/authorization.md.")
        CelExpression when) {

  public Rule {
    consumers = Models.list(consumers);
  }
}
