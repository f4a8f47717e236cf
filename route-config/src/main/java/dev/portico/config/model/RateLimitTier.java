package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.NonEmpty;
import dev.portico.config.schema.Range;
import dev.portico.config.schema.Required;
import java.util.List;

/** The limits of one tier. */
@Doc("The limits of one tier.")
public record RateLimitTier(
    @Doc("The tier's limits.") @Required @NonEmpty List<Rate> limits,
    @Doc("The tier's burst.") @Default("1") @Range(min = 1, max = 1_000_000) int burst) {

  public RateLimitTier {
    limits = Models.list(limits);
  }
}
