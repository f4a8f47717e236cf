package dev.portico.config.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate chain (leaf first) and the private key that matches its leaf, both checked by
 * {@link TlsMaterial#certifiedKey}. Immutable.
 */
public record CertifiedKey(List<X509Certificate> chain, PrivateKey key) {

  public CertifiedKey {
    chain = List.copyOf(chain);
  }

  /** The certificate the chain starts with: the one presented for the server names. */
  public X509Certificate leaf() {
    return chain.get(0);
  }
}
