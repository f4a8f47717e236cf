package dev.portico.config.mesh;

import dev.portico.config.model.SpiffeId;
import dev.portico.config.tls.TlsMaterial;
import dev.portico.config.tls.TlsMaterialException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads an X.509-SVID from the PEM files SPIRE's spiffe-helper or Istio's agent write: the
 * certificate chain, a PKCS#8 private key and the trust bundle (read as the listener's TLS files
 * are, by {@link TlsMaterial}), and checks the SPIFFE ID. Blocking file I/O: call it at load time
 * or on a scheduler that may block, never on an event loop. Stateless and thread-safe.
 */
public final class SvidFiles {

  private static final int URI_SAN = 6;

  private SvidFiles() {}

  /**
   * Reads and checks the three files.
   *
   * @throws SvidException naming the file at fault: missing or unreadable, not PEM, no certificate,
   *     a key that is not PKCS#8 or does not belong to the leaf, or a leaf without exactly one
   *     SPIFFE URI SAN
   */
  public static Svid read(Path certificateFile, Path keyFile, Path trustBundleFile)
      throws SvidException {
    List<X509Certificate> chain = certificates(certificateFile, SvidException.File.CERTIFICATE);
    List<X509Certificate> bundle = certificates(trustBundleFile, SvidException.File.TRUST_BUNDLE);
    SpiffeId id = spiffeId(chain.get(0), certificateFile);
    PrivateKey key = privateKey(keyFile);
    if (!TlsMaterial.keyMatches(key, chain.get(0).getPublicKey())) {
      throw new SvidException(
          SvidException.File.KEY,
          keyFile + " is not the private key of the certificate in " + certificateFile);
    }
    return new Svid(chain, key, bundle, id);
  }

  /** The SPIFFE ID in a certificate's URI SAN, or null when it has none or several. */
  public static SpiffeId spiffeIdOf(X509Certificate certificate) {
    List<String> uris = new ArrayList<>();
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          if (name.size() == 2
              && Integer.valueOf(URI_SAN).equals(name.get(0))
              && name.get(1) instanceof String uri
              && uri.startsWith("spiffe://")) {
            uris.add(uri);
          }
        }
      }
    } catch (CertificateParsingException e) {
      return null;
    }
    if (uris.size() != 1) {
      return null;
    }
    try {
      return SpiffeId.parse(uris.get(0));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static SpiffeId spiffeId(X509Certificate leaf, Path file) throws SvidException {
    SpiffeId id = spiffeIdOf(leaf);
    if (id == null) {
      throw new SvidException(
          SvidException.File.CERTIFICATE,
          file
              + " is not an X.509-SVID: its first certificate needs exactly one URI SAN with a"
              + " valid SPIFFE ID (spiffe://<trust-domain>/<path>)");
    }
    return id;
  }

  private static List<X509Certificate> certificates(Path file, SvidException.File which)
      throws SvidException {
    try {
      return TlsMaterial.certificates(file);
    } catch (TlsMaterialException e) {
      throw new SvidException(which, e.getMessage());
    }
  }

  private static PrivateKey privateKey(Path file) throws SvidException {
    try {
      return TlsMaterial.privateKey(file);
    } catch (TlsMaterialException e) {
      throw new SvidException(SvidException.File.KEY, e.getMessage());
    }
  }
}
