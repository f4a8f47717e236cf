package dev.portico.testing.tls;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A certificate issued by a {@link TestCa}, with its private key and the issuing CA. */
public record IssuedCertificate(
    X509Certificate certificate, PrivateKey privateKey, X509Certificate issuer) {

  /** Writes the certificate (PEM) and its key (PKCS#8 PEM) to two files, replacing them. */
  public IssuedCertificate writeTo(Path certificateFile, Path keyFile) {
    Pem.writeCertificates(certificateFile, certificate);
    Pem.writePrivateKey(keyFile, privateKey);
    return this;
  }

  /** Like {@link #writeTo} but with the issuer after the leaf, as a full chain file. */
  public IssuedCertificate writeChainTo(Path certificateFile, Path keyFile) {
    Pem.writeCertificates(certificateFile, certificate, issuer);
    Pem.writePrivateKey(keyFile, privateKey);
    return this;
  }
}
