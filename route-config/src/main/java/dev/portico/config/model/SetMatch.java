package dev.portico.config.model;

import dev.portico.config.schema.Doc;
import java.util.List;

/** Conditions on a set of values the caller holds (roles, scopes). */
@Doc("Which values the caller must hold: at least one of `any-of`, and every one of `all-of`.")
public record SetMatch(
    @Doc("The caller holds at least one of these.") List<String> anyOf,
    @Doc("The caller holds every one of these.") List<String> allOf) {

  public SetMatch {
    anyOf = Models.list(anyOf);
    allOf = Models.list(allOf);
  }

  /** Whether {@code held} satisfies both lists (an empty list is no condition). */
  public boolean matches(java.util.Set<String> held) {
    if (!held.containsAll(allOf)) {
      return false;
    }
    if (anyOf.isEmpty()) {
      return true;
    }
    for (String value : anyOf) {
      if (held.contains(value)) {
        return true;
      }
    }
    return false;
  }
}
