package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;

/** Where an issuer puts the subject, roles and scopes in its tokens, as dotted claim paths. */
@Doc(
    "Dotted claim paths (e.g. realm_access.roles) of subject, roles and scopes. A value may be"
        + " a list or a space-separated string.")
public record ClaimMapping(
    @Doc("Claim naming the caller.") @Default("sub") String subject,
    @Doc("Claim holding the caller's roles (Keycloak: realm_access.roles).") @Default("roles")
        String roles,
    @Doc("Claim holding the granted scopes (`scope` string or `scp` list).") @Default("scope")
        String scopes) {}
