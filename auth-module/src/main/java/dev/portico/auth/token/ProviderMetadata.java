package dev.portico.auth.token;

import java.net.URI;

/**
 * What an issuer publishes in its OIDC discovery document ({@code
 * /.well-known/openid-configuration}), as far as Portico uses it. Immutable. Endpoints the provider
 * does not offer are null.
 *
 * @param issuer the issuer identifier, equal to the configured one (checked when fetched)
 * @param jwksUri where the signing keys are
 * @param authorizationEndpoint where browsers are sent to log in
 * @param tokenEndpoint where codes and refresh tokens are exchanged
 * @param introspectionEndpoint RFC 7662 token introspection
 * @param endSessionEndpoint RP-initiated logout
 * @param userinfoEndpoint the OIDC UserInfo endpoint
 */
public record ProviderMetadata(
    String issuer,
    URI jwksUri,
    URI authorizationEndpoint,
    URI tokenEndpoint,
    URI introspectionEndpoint,
    URI endSessionEndpoint,
    URI userinfoEndpoint) {}
