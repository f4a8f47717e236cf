package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Range;

/** A route's own access-log settings. */
@Doc("The route's access logging, within gateway.access-log (which must be enabled).")
public record RouteAccessLog(
    @Doc("false: no line for the route's requests, not even errors.") @Default("true")
        boolean enabled,
    @Doc("Percentage of the route's requests logged; gateway.access-log.sample-percent if unset.")
        @Range(min = 0, max = 100)
        Integer samplePercent) {}
