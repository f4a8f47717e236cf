package dev.portico.auth;

/** The outcome of checking one credential. */
public sealed interface AuthResult {

  /** The credential is valid. */
  record Authenticated(Principal principal) implements AuthResult {}

  /**
   * The credential is refused.
   *
   * @param reason why, in categories that map to responses and metric tags
   * @param description a short explanation safe to show the client (RFC 6750 error_description):
   *     never key material, token contents or internal class names
   * @param issuer the configured issuer name involved, when known (for metrics); may be null
   */
  record Rejected(Rejection reason, String description, String issuer) implements AuthResult {}
}
