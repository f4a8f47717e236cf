package dev.portico.testing.tls;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at test time: an EC P-256 root that issues server, client and SPIFFE
 * (X.509-SVID) certificates. Nothing is read from or written to disk unless asked, and no two test
 * runs share keys. Thread-safe.
 */
public final class TestCa {

  private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

  private final X500Name name;
  private final KeyPair keys;
  private final X509Certificate certificate;

  private TestCa(X500Name name, KeyPair keys, X509Certificate certificate) {
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
  }

  /** A new self-signed root CA named {@code CN=commonName}, valid for ten years. */
  public static TestCa create(String commonName) {
    try {
      X500Name name = new X500Name("CN=" + commonName);
      KeyPair keys = newKeyPair();
      Instant now = Instant.now();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              name,
              serial(),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(3650))),
              name,
              keys.getPublic());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          extensions.createSubjectKeyIdentifier(keys.getPublic()));
      return new TestCa(name, keys, sign(builder, keys));
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("could not create a test CA", e);
    }
  }

  /** The CA's own certificate: what a trust bundle holds. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** Writes the CA certificate as a PEM trust bundle. */
  public Path writeCertificate(Path file) {
    Pem.writeCertificates(file, certificate);
    return file;
  }

  /** A server certificate for {@code dnsNames} (the first is also the CN) and 127.0.0.1. */
  public IssuedCertificate server(String... dnsNames) {
    return issue(
        CertificateSpec.of(dnsNames[0])
            .withDnsNames(dnsNames)
            .withIpAddresses("127.0.0.1")
            .withUsage(true, false));
  }

  /** A client certificate with subject {@code CN=commonName}. */
  public IssuedCertificate client(String commonName) {
    return issue(CertificateSpec.of(commonName).withUsage(false, true));
  }

  /**
   * An X.509-SVID for {@code spiffeId} (a URI SAN, no DNS name), valid for both server and client
   * authentication, as SPIRE issues them; also names 127.0.0.1 so loopback tests can verify it.
   */
  public IssuedCertificate svid(String spiffeId) {
    return issue(CertificateSpec.of("svid").withUris(spiffeId).withIpAddresses("127.0.0.1"));
  }

  /** Issues a leaf certificate as {@code spec} says. */
  public IssuedCertificate issue(CertificateSpec spec) {
    try {
      KeyPair leaf = newKeyPair();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              name,
              serial(),
              Date.from(spec.notBefore()),
              Date.from(spec.notAfter()),
              new X500Name("CN=" + spec.commonName()),
              leaf.getPublic());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(Extension.extendedKeyUsage, false, usages(spec));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          extensions.createAuthorityKeyIdentifier(certificate));
      List<GeneralName> names = new ArrayList<>();
      spec.dnsNames().forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
      spec.uris()
          .forEach(u -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, u)));
      spec.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
      if (!names.isEmpty()) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            !spec.uris().isEmpty() && spec.dnsNames().isEmpty(),
            new GeneralNames(names.toArray(GeneralName[]::new)));
      }
      return new IssuedCertificate(sign(builder, keys), leaf.getPrivate(), certificate);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("could not issue " + spec, e);
    }
  }

  private static ExtendedKeyUsage usages(CertificateSpec spec) {
    List<KeyPurposeId> purposes = new ArrayList<>();
    if (spec.serverAuth()) {
      purposes.add(KeyPurposeId.id_kp_serverAuth);
    }
    if (spec.clientAuth()) {
      purposes.add(KeyPurposeId.id_kp_clientAuth);
    }
    return new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new));
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIALS.incrementAndGet());
  }
}
