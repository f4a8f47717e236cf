package dev.portico.gateway.mesh;

import java.security.cert.CertificateException;

/**
 * The upstream's certificate chains to the trust bundle but names a SPIFFE ID (or none) that the
 * upstream's mesh.mtls rule does not accept: the handshake is refused.
 */
public final class SpiffeIdMismatchException extends CertificateException {

  public SpiffeIdMismatchException(String message) {
    super(message);
  }
}
