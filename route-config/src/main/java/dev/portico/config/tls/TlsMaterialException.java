package dev.portico.config.tls;

/** A certificate, key or trust file that cannot be used; the message names the file and why. */
public final class TlsMaterialException extends Exception {

  private static final long serialVersionUID = 1L;

  TlsMaterialException(String message) {
    super(message);
  }

  /** For readers of the material elsewhere (the gateway building its TLS contexts). */
  public TlsMaterialException(String message, Throwable cause) {
    super(message, cause);
  }
}
