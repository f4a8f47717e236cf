package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import java.util.Map;

/** How callers of a route authenticate. Each credential block present is accepted. */
@Doc(
    "Authentication of the route's callers. Every block present (bearer, api-key, login) is an"
        + " accepted way in; the first credential the request carries decides.")
public record RouteAuth(
    @Doc("Bearer tokens (JWT, or opaque with introspection) from the listed issuers.")
        BearerAuth bearer,
    @Doc("API keys of consumers, in a header or query parameter.") ApiKeyAuth apiKey,
    @Doc("Browser login: requests without a session are redirected to the issuer's login.")
        LoginAuth login,
    @Doc(
            "true: requests without credentials pass anonymously (bad credentials are still"
                + " refused); the principal is attached when present.")
        @Default("false")
        boolean optional,
    @Doc("Send the client's Authorization header on to the upstream.") @Default("true")
        boolean forwardAuthorization,
    @Doc(
            "Headers added to the upstream request from the principal. Placeholders: {subject},"
                + " {issuer}, {roles}, {scopes}, {consumer}, {claim:dotted.path}. A header whose"
                + " value comes out empty is left out.")
        @Default(
            "{X-Portico-Subject: '{subject}', X-Portico-Issuer: '{issuer}', X-Portico-Roles:"
                + " '{roles}', X-Portico-Scopes: '{scopes}', X-Portico-Consumer: '{consumer}'}")
        Map<String, String> identityHeaders) {

  public RouteAuth {
    identityHeaders = Models.map(identityHeaders);
  }
}
