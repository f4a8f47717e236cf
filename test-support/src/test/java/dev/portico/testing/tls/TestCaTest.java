package dev.portico.testing.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCaTest {

  private final TestCa ca = TestCa.create("Portico Test CA");

  @Test
  void svidCarriesTheSpiffeIdAsUriSanAndIsSignedByTheCa() throws Exception {
    X509Certificate svid = ca.svid("spiffe://mesh.test/ns/shop/sa/orders").certificate();

    svid.verify(ca.certificate().getPublicKey());
    assertThat(svid.getSubjectAlternativeNames())
        .contains(List.of(6, "spiffe://mesh.test/ns/shop/sa/orders"));
    assertThat(svid.getExtendedKeyUsage())
        .containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
  }

  @Test
  void anotherCaDoesNotVerifyTheCertificate() {
    X509Certificate server = ca.server("api.example.test").certificate();

    assertThatThrownBy(() -> server.verify(TestCa.create("Other CA").certificate().getPublicKey()))
        .isInstanceOf(SignatureException.class);
  }

  @Test
  void pemFilesReadBackWithTheJdkAndTheKeyMatchesTheCertificate(@TempDir Path dir)
      throws Exception {
    IssuedCertificate issued =
        ca.server("api.example.test", "www.example.test")
            .writeTo(dir.resolve("tls.crt"), dir.resolve("tls.key"));

    X509Certificate read =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(Files.readAllBytes(dir.resolve("tls.crt"))));
    assertThat(read).isEqualTo(issued.certificate());
    assertThat(read.getSubjectAlternativeNames())
        .contains(List.of(2, "api.example.test"), List.of(2, "www.example.test"));

    String keyPem = Files.readString(dir.resolve("tls.key"), StandardCharsets.US_ASCII);
    byte[] der =
        Base64.getMimeDecoder()
            .decode(
                keyPem
                    .replace("-----BEGIN PRIVATE KEY-----", "")
                    .replace("-----END PRIVATE KEY-----", ""));
    var key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(read.getPublicKey());
    verifier.update(new byte[] {1, 2, 3});
    assertThat(verifier.verify(signature)).isTrue();
  }
}
