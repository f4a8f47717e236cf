package dev.portico.config.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.testing.tls.CertificateSpec;
import dev.portico.testing.tls.IssuedCertificate;
import dev.portico.testing.tls.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {

  static final TestCa CA = TestCa.create("material-ca");

  @TempDir Path dir;

  @Test
  void aChainAndItsKeyAreReadLeafFirst() throws Exception {
    IssuedCertificate issued = CA.server("api.example.test").writeChainTo(crt(), key());

    CertifiedKey material = TlsMaterial.certifiedKey(crt(), key(), Instant.now());

    assertThat(material.chain()).containsExactly(issued.certificate(), CA.certificate());
    assertThat(material.leaf()).isEqualTo(issued.certificate());
    assertThat(material.key().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() throws Exception {
    CA.server("a.example.test").writeTo(crt(), dir.resolve("a.key"));
    CA.server("b.example.test").writeTo(dir.resolve("b.crt"), key());

    assertThatThrownBy(() -> TlsMaterial.certifiedKey(crt(), key(), Instant.now()))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage("the key in " + key() + " does not match the certificate in " + crt());
  }

  @Test
  void anExpiredCertificateIsRefusedWithItsExpiry() throws Exception {
    Instant now = Instant.now();
    IssuedCertificate expired =
        CA.issue(
                CertificateSpec.of("old.example.test")
                    .withValidity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))))
            .writeTo(crt(), key());

    assertThatThrownBy(() -> TlsMaterial.certifiedKey(crt(), key(), now))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage(
            "the certificate in "
                + crt()
                + " expired on "
                + expired.certificate().getNotAfter().toInstant());
  }

  @Test
  void aCertificateNotYetValidIsRefused() throws Exception {
    Instant now = Instant.now();
    CA.issue(
            CertificateSpec.of("future.example.test")
                .withValidity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))))
        .writeTo(crt(), key());

    assertThatThrownBy(() -> TlsMaterial.certifiedKey(crt(), key(), now))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageContaining("is not valid before");
  }

  @Test
  void filesThatAreMissingNotPemOrDamagedAreNamed() throws Exception {
    assertThatThrownBy(() -> TlsMaterial.certificates(dir.resolve("none.pem")))
        .hasMessage("cannot read " + dir.resolve("none.pem") + " (NoSuchFileException)");

    Files.write(crt(), new byte[] {0x30, (byte) 0x82, 0x01, 0x0a, (byte) 0xff});
    assertThatThrownBy(() -> TlsMaterial.certificates(crt()))
        .hasMessage(crt() + " is not PEM (expected a block -----BEGIN CERTIFICATE-----)");

    Files.writeString(crt(), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> TlsMaterial.certificates(crt()))
        .hasMessage("certificate 1 in " + crt() + " is not an X.509 certificate");
  }

  @Test
  void traditionalAndEncryptedKeysAreRefusedWithWhatToDo() throws Exception {
    Files.writeString(
        key(), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    assertThatThrownBy(() -> TlsMaterial.privateKey(key()))
        .hasMessageContaining("expected PKCS#8 (BEGIN PRIVATE KEY)")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");

    Files.writeString(
        key(),
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
    assertThatThrownBy(() -> TlsMaterial.privateKey(key())).hasMessageContaining("encrypted key");
  }

  @Test
  void aTrustBundleHoldsEveryCertificate() throws Exception {
    TestCa other = TestCa.create("other-ca");
    Files.writeString(
        crt(),
        Files.readString(CA.writeCertificate(dir.resolve("a.pem")))
            + Files.readString(other.writeCertificate(dir.resolve("b.pem"))));

    assertThat(TlsMaterial.certificates(crt()))
        .containsExactly(CA.certificate(), other.certificate());
  }

  private Path crt() {
    return dir.resolve("tls.crt");
  }

  private Path key() {
    return dir.resolve("tls.key");
  }
}
