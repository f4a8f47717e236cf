/**
 * Bearer-token authentication: {@link dev.portico.auth.token.IssuerRegistry} verifies JWTs with the
 * keys of the issuer they name (JWKS fetched, cached and refreshed off the request path),
 * introspects opaque tokens (RFC 7662), verifies OIDC ID tokens for browser login, and caches
 * verified tokens. Plain Java, Reactor and nimbus-jose-jwt; no Spring or Netty types. Everything
 * under {@code internal} is subject to change.
 */
package dev.portico.auth.token;
