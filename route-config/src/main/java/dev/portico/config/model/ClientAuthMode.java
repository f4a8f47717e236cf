package dev.portico.config.model;

/** Whether the listener asks TLS clients for a certificate. */
public enum ClientAuthMode {
  /** Clients are not asked for a certificate. */
  NONE,
  /** Clients are asked; one without a certificate still connects (routes may require one). */
  OPTIONAL,
  /** The handshake fails without a certificate that chains to the client CA. */
  REQUIRED
}
