package dev.portico.config.model;

/** How Portico authenticates itself as an OAuth client at the identity provider. */
public enum ClientAuthMethod {
  /** HTTP Basic with client id and secret (RFC 6749 §2.3.1). */
  CLIENT_SECRET_BASIC,
  /** Client id and secret in the form body. */
  CLIENT_SECRET_POST
}
