package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Required;
import java.net.URI;
import java.time.Duration;

/** RFC 7662 token introspection for opaque tokens. */
@Doc("RFC 7662 introspection, for tokens that are not JWTs.")
public record Introspection(
    @Doc("The introspection endpoint; from OIDC discovery when left out.") URI endpoint,
    @Doc("Client id Portico authenticates with at the endpoint.") @Required String clientId,
    @Doc("Client secret; write it as ${env:NAME} or ${file:/path}.") String clientSecret,
    @Doc("How the client authenticates: client-secret-basic or client-secret-post.")
        @Default("client-secret-basic")
        ClientAuthMethod clientAuth,
    @Doc("Longest time an active result is reused (never beyond the token's exp).") @Default("5m")
        Duration cacheTtl,
    @Doc("How long an inactive (rejected) result is reused.") @Default("10s")
        Duration negativeCacheTtl,
    @Doc("Time allowed for one introspection call.") @Default("3s") Duration timeout) {}
