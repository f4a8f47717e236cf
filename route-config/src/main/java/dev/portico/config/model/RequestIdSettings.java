package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;

/** How requests get their id. */
@Doc("Request ids: passed to the upstream and returned to the client.")
public record RequestIdSettings(
    @Doc("Header that carries the request id.") @Default("X-Request-Id") String header,
    @Doc(
            "Keep a well-formed id sent by the client (1-128 characters of letters, digits and"
                + " -_.:); otherwise always generate one.")
        @Default("true")
        boolean trustIncoming) {}
