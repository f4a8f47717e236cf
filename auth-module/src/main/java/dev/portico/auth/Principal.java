package dev.portico.auth;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Who the caller is, once authenticated. Immutable.
 *
 * @param subject the caller's identity (token subject, or the consumer's subject)
 * @param issuer the configured issuer name that vouched for it; null for API keys
 * @param roles roles, for RBAC
 * @param scopes granted scopes
 * @param consumer the API-key consumer's name; null for tokens
 * @param claims all claims of the token (empty for API keys), for identity headers and CEL
 * @param expiresAt when the credential stops being valid; null when it does not expire
 * @param kind how the caller authenticated
 */
public record Principal(
    String subject,
    String issuer,
    Set<String> roles,
    Set<String> scopes,
    String consumer,
    Map<String, Object> claims,
    Instant expiresAt,
    CredentialKind kind) {

  public Principal {
    roles = Set.copyOf(roles);
    scopes = Set.copyOf(scopes);
    claims = Map.copyOf(claims);
  }
}
