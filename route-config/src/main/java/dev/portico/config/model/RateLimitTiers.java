package dev.portico.config.model;

import dev.portico.config.schema.Doc;
import dev.portico.config.schema.NonEmpty;
import dev.portico.config.schema.Required;
import java.util.Map;

/** Limits chosen by an attribute of the caller. */
@Doc(
    "Limits chosen by an attribute of the caller; callers whose value has no tier get the"
        + " policy's own limits.")
public record RateLimitTiers(
    @Doc(
            "Where the tier name comes from: claim:<path> (e.g. claim:plan) or consumer:<metadata key>.")
        @Required
        String by,
    @Doc("Tier name → its limits and burst.") @Required @NonEmpty
        Map<String, RateLimitTier> values) {

  public RateLimitTiers {
    values = Models.map(values);
  }
}
