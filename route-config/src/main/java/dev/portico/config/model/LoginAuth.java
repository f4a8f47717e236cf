package dev.portico.config.model;

import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Required;

/** Browser login for a route. */
@Doc("Browser login: a session cookie, obtained through the issuer's login page.")
public record LoginAuth(
    @Doc("Name of the issuer (under `issuers`, with a login block) to log in with.") @Required
        String issuer) {}
