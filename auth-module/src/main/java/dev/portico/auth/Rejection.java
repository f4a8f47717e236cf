package dev.portico.auth;

/** Why a credential was refused. Lower-case names are metric tag values. */
public enum Rejection {
  /** Malformed, badly signed, from an unaccepted issuer, wrong audience or type, revoked. */
  INVALID_TOKEN,
  /** Well-formed and signed, but past exp (or before nbf). */
  EXPIRED_TOKEN,
  /** An API key that no consumer has. */
  INVALID_API_KEY,
  /** The token could not be checked because the identity provider is unreachable. */
  UNAVAILABLE;

  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
