package dev.portico.config.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files: certificate chains, PKCS#8 private keys and trust bundles. Each failure is a
 * {@link TlsMaterialException} naming the file and what was expected. Stateless and thread-safe;
 * reads block, so callers run it at load time or on their own thread.
 */
public final class TlsMaterial {

  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----", Pattern.DOTALL);
  private static final String CERTIFICATE = "CERTIFICATE";
  private static final String PRIVATE_KEY = "PRIVATE KEY";
  private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "Ed25519", "Ed448");

  private TlsMaterial() {}

  /**
   * Reads a certificate chain and its key and checks that they belong together and that the leaf
   * certificate is valid at {@code now}.
   */
  public static CertifiedKey certifiedKey(Path certFile, Path keyFile, Instant now)
      throws TlsMaterialException {
    List<X509Certificate> chain = certificates(certFile);
    PrivateKey key = privateKey(keyFile);
    X509Certificate leaf = chain.get(0);
    if (!keyMatches(key, leaf.getPublicKey())) {
      throw new TlsMaterialException(
          "the key in " + keyFile + " does not match the certificate in " + certFile);
    }
    try {
      leaf.checkValidity(Date.from(now));
    } catch (CertificateExpiredException e) {
      throw new TlsMaterialException(
          "the certificate in " + certFile + " expired on " + leaf.getNotAfter().toInstant());
    } catch (CertificateNotYetValidException e) {
      throw new TlsMaterialException(
          "the certificate in "
              + certFile
              + " is not valid before "
              + leaf.getNotBefore().toInstant());
    }
    return new CertifiedKey(chain, key);
  }

  /** Reads every certificate of a PEM file (a chain or a trust bundle); at least one. */
  public static List<X509Certificate> certificates(Path file) throws TlsMaterialException {
    List<byte[]> blocks = blocks(file, CERTIFICATE, "-----BEGIN CERTIFICATE-----");
    List<X509Certificate> out = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (int i = 0; i < blocks.size(); i++) {
        try {
          out.add(
              (X509Certificate)
                  factory.generateCertificate(new ByteArrayInputStream(blocks.get(i))));
        } catch (GeneralSecurityException e) {
          throw new TlsMaterialException(
              "certificate " + (i + 1) + " in " + file + " is not an X.509 certificate", e);
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
    }
    return List.copyOf(out);
  }

  /** Reads an unencrypted PKCS#8 private key (EC, RSA or EdDSA). */
  public static PrivateKey privateKey(Path file) throws TlsMaterialException {
    String text = read(file);
    if (text.contains("-----BEGIN EC PRIVATE KEY-----")
        || text.contains("-----BEGIN RSA PRIVATE KEY-----")) {
      throw new TlsMaterialException(
          file
              + " holds a traditional (SEC1/PKCS#1) key; expected PKCS#8 (BEGIN PRIVATE KEY),"
              + " e.g. openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key");
    }
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new TlsMaterialException(
          file + " holds an encrypted key; expected an unencrypted PKCS#8 key (BEGIN PRIVATE KEY)");
    }
    byte[] der = blocks(file, text, PRIVATE_KEY, "-----BEGIN PRIVATE KEY-----").get(0);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // Not this algorithm: try the next one.
      }
    }
    throw new TlsMaterialException(
        file + " is not a PKCS#8 EC, RSA or EdDSA private key (expected BEGIN PRIVATE KEY)");
  }

  /**
   * Whether {@code key} is the private half of {@code certified}: a signature over random bytes
   * made with it verifies with the public key.
   */
  public static boolean keyMatches(PrivateKey key, PublicKey certified) {
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

  private static List<byte[]> blocks(Path file, String label, String expected)
      throws TlsMaterialException {
    return blocks(file, read(file), label, expected);
  }

  private static List<byte[]> blocks(Path file, String text, String label, String expected)
      throws TlsMaterialException {
    List<byte[]> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(label)) {
        try {
          out.add(Base64.getMimeDecoder().decode(m.group(2)));
        } catch (IllegalArgumentException e) {
          throw new TlsMaterialException(file + " has a damaged PEM block (bad base64)", e);
        }
      }
    }
    if (out.isEmpty()) {
      throw new TlsMaterialException(file + " is not PEM (expected a block " + expected + ")");
    }
    return out;
  }

  private static String read(Path file) throws TlsMaterialException {
    try {
      // Latin-1 maps every byte: a binary (DER) file reads, and is then reported as not PEM.
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new TlsMaterialException(
          "cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }
}
