package dev.portico.config.mesh;

import dev.portico.config.model.SpiffeId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an X.509-SVID from the PEM files SPIRE's spiffe-helper or Istio's agent write: the
 * certificate chain, a PKCS#8 private key and the trust bundle. Blocking file I/O: call it at load
 * time or on a scheduler that may block, never on an event loop. Stateless and thread-safe.
 */
public final class SvidFiles {

  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----", Pattern.DOTALL);
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
    List<X509Certificate> chain =
        certificates(certificateFile, SvidException.File.CERTIFICATE, "SVID certificate");
    List<X509Certificate> bundle =
        certificates(trustBundleFile, SvidException.File.TRUST_BUNDLE, "trust bundle");
    SpiffeId id = spiffeId(chain.get(0), certificateFile);
    PrivateKey key = privateKey(keyFile);
    if (!belongTogether(key, chain.get(0).getPublicKey())) {
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

  private static List<X509Certificate> certificates(
      Path file, SvidException.File which, String what) throws SvidException {
    List<byte[]> blocks = blocks(file, which, "CERTIFICATE");
    if (blocks.isEmpty()) {
      throw new SvidException(
          which, file + " has no PEM CERTIFICATE block (expected the " + what + " in PEM)");
    }
    List<X509Certificate> out = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (byte[] der : blocks) {
        out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (CertificateException e) {
      throw new SvidException(which, file + " has a CERTIFICATE block that is not a certificate");
    }
    return out;
  }

  private static PrivateKey privateKey(Path file) throws SvidException {
    SvidException.File which = SvidException.File.KEY;
    List<byte[]> blocks = blocks(file, which, "PRIVATE KEY");
    if (blocks.size() != 1) {
      String text = read(file, which);
      String hint =
          text.contains("-----BEGIN EC PRIVATE KEY") || text.contains("-----BEGIN RSA PRIVATE KEY")
              ? " (it is SEC1/PKCS#1; convert it with openssl pkcs8 -topk8 -nocrypt)"
              : "";
      throw new SvidException(
          which, file + " needs exactly one PEM PRIVATE KEY block (PKCS#8)" + hint);
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(blocks.get(0));
    for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // not this algorithm: try the next
      }
    }
    throw new SvidException(
        which, file + " has a PRIVATE KEY block that is not an EC, RSA or Ed25519 key");
  }

  private static boolean belongTogether(PrivateKey key, PublicKey certified) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          default -> key.getAlgorithm();
        };
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certified);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static List<byte[]> blocks(Path file, SvidException.File which, String type)
      throws SvidException {
    String text = read(file, which);
    Matcher m = BLOCK.matcher(text);
    List<byte[]> out = new ArrayList<>();
    while (m.find()) {
      if (m.group(1).equals(type)) {
        try {
          out.add(Base64.getMimeDecoder().decode(m.group(2)));
        } catch (IllegalArgumentException e) {
          throw new SvidException(which, file + " has a " + type + " block that is not base64");
        }
      }
    }
    return out;
  }

  private static String read(Path file, SvidException.File which) throws SvidException {
    try {
      return java.nio.file.Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new SvidException(which, file + " does not exist");
    } catch (java.nio.charset.MalformedInputException e) {
      throw new SvidException(which, file + " is not a PEM file (it is not ASCII text)");
    } catch (IOException e) {
      throw new SvidException(
          which, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }
}
