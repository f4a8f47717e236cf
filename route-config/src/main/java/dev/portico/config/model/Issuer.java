package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Required;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** An OAuth2/OIDC token issuer whose tokens routes may accept. */
@Doc("A token issuer (an OAuth2 authorization server or OIDC provider) whose tokens routes accept.")
public record Issuer(
    @Doc(
            "The issuer identifier, exactly as tokens carry it in `iss`. Unless jwks-uri is set,"
                + " its /.well-known/openid-configuration is fetched to find the keys.")
        @Required
        URI issuer,
    @Doc("Where the signing keys (JWKS) are; skips OIDC discovery for keys.") URI jwksUri,
    @Doc("Accepted audiences: the token's `aud` must contain at least one. Empty: not checked.")
        List<String> audiences,
    @Doc(
            "Accepted signature algorithms. Default: RS256/384/512, PS256/384/512, ES256/384/512,"
                + " EdDSA; with shared-secret: HS256/384/512. `none` is never accepted.")
        List<String> algorithms,
    @Doc(
            "Secret for HS256/384/512 tokens (at least 32 bytes); write it as ${env:NAME} or"
                + " ${file:/path}. An issuer with a secret accepts only HMAC algorithms.")
        String sharedSecret,
    @Doc("Tolerance for `exp`, `nbf` and `iat` against Portico's clock.") @Default("30s")
        Duration clockSkew,
    @Doc("Claims every token must carry (besides exp, which is always required).")
        List<String> requiredClaims,
    @Doc(
            "Required JOSE `typ` header, e.g. at+jwt for RFC 9068 access tokens. Not checked when"
                + " left out.")
        String tokenType,
    @Doc("Where subject, roles and scopes are in the token.") @Default("{}") ClaimMapping claims,
    @Doc("How the signing keys are fetched and cached.") @Default("{}") JwksSettings jwks,
    @Doc("RFC 7662 introspection of opaque (non-JWT) tokens.") Introspection introspection,
    @Doc("Browser login (authorization code flow with PKCE) against this issuer.")
        OidcLogin login) {

  public Issuer {
    audiences = Models.list(audiences);
    algorithms = Models.list(algorithms);
    requiredClaims = Models.list(requiredClaims);
  }
}
