package dev.portico.config.model;

import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Range;
import dev.portico.config.schema.Required;

/** A plain-HTTP port that sends every request to https. */
@Doc("A plain-HTTP port (on the listener's address) that redirects every request to https.")
public record HttpRedirect(
    @Doc("TCP port of the plain-HTTP redirect, e.g. 80.") @Required @Range(min = 0, max = 65535)
        int port) {}
