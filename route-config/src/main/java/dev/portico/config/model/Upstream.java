package dev.portico.config.model;

import dev.portico.config.schema.Doc;
import dev.portico.config.schema.NonEmpty;
import dev.portico.config.schema.Required;
import java.util.List;

/** A named group of endpoints. */
@Doc("A named group of endpoints that serve the same API.")
public record Upstream(
    @Doc("The endpoints; requests are spread over them by weight.") @Required @NonEmpty
        List<Endpoint> endpoints) {

  public Upstream {
    endpoints = Models.list(endpoints);
  }
}
