package dev.portico.config.model;

import dev.portico.config.schema.Doc;
import dev.portico.config.schema.NonEmpty;
import dev.portico.config.schema.Required;
import java.util.List;

/** Bearer tokens accepted by a route. */
@Doc("Bearer tokens: the token's `iss` picks the issuer, whose keys alone verify it.")
public record BearerAuth(
    @Doc("Names of the issuers (under `issuers`) whose tokens are accepted.") @Required @NonEmpty
        List<String> issuers) {

  public BearerAuth {
    issuers = Models.list(issuers);
  }
}
