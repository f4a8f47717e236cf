package dev.portico.config.mesh;

import dev.portico.config.model.SpiffeId;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * An X.509-SVID as an agent wrote it: the certificate chain (leaf first), its private key, the
 * trust bundle that peers' SVIDs must chain to, and the SPIFFE ID of the leaf. Checked by {@link
 * SvidFiles#read}: the key belongs to the leaf and the leaf has exactly one SPIFFE URI SAN.
 * Immutable.
 */
public record Svid(
    List<X509Certificate> chain,
    PrivateKey key,
    List<X509Certificate> trustBundle,
    SpiffeId spiffeId) {

  public Svid {
    chain = List.copyOf(chain);
    trustBundle = List.copyOf(trustBundle);
  }

  /** The leaf certificate. */
  public X509Certificate leaf() {
    return chain.get(0);
  }
}
