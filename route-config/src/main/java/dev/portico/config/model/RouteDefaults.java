package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import java.time.Duration;

/** Defaults for routes. */
@Doc("Defaults for every route that does not set its own value.")
public record RouteDefaults(
    @Doc("Time allowed for the upstream to send response headers, per attempt.") @Default("30s")
        Duration timeout,
    @Doc("Largest request body accepted; larger requests get 413.") @Default("10MB")
        ByteSize maxBodySize) {}
