package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;

/** Where a route reads API keys. */
@Doc("Where the API key is read. The key is never forwarded upstream.")
public record ApiKeyAuth(
    @Doc("Request header carrying the key.") @Default("X-Api-Key") String header,
    @Doc(
            "Query parameter carrying the key (discouraged: URLs end up in logs). Off when left"
                + " out.")
        String query) {}
