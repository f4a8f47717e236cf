package dev.portico.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.tls.CertificateSpec;
import dev.portico.testing.tls.TestCa;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ClientCertificateTest {

  static final TestCa CA = TestCa.create("client-ca");

  @Test
  void anSvidGivesItsSpiffeIdTrustDomainAndUris() {
    ClientCertificate cert =
        ClientCertificate.of(CA.svid("spiffe://corp.example/billing/api").certificate());

    assertThat(cert.spiffeId()).isEqualTo("spiffe://corp.example/billing/api");
    assertThat(cert.trustDomain()).isEqualTo("corp.example");
    assertThat(cert.uris()).containsExactly("spiffe://corp.example/billing/api");
    assertThat(cert.subject()).isEqualTo("CN=svid");
    assertThat(cert.issuer()).isEqualTo("CN=client-ca");
  }

  @Test
  void dnsNamesFingerprintSerialAndExpiryAreRead() throws Exception {
    X509Certificate x509 =
        CA.issue(
                CertificateSpec.of("partner-a")
                    .withDnsNames("batch.partner.example", "api.partner.example")
                    .withUris("https://partner.example/id"))
            .certificate();

    ClientCertificate cert = ClientCertificate.of(x509);

    assertThat(cert.dnsNames()).containsExactly("batch.partner.example", "api.partner.example");
    assertThat(cert.spiffeId()).isEmpty();
    assertThat(cert.trustDomain()).isEmpty();
    assertThat(cert.fingerprint())
        .isEqualTo(
            HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(x509.getEncoded())));
    assertThat(cert.serial()).isEqualTo(x509.getSerialNumber().toString(16));
    assertThat(cert.notAfter()).isEqualTo(x509.getNotAfter().toInstant());
  }

  @Test
  void aCertificateWithTwoSpiffeIdsHasNone() {
    ClientCertificate cert =
        ClientCertificate.of(
            CA.issue(
                    CertificateSpec.of("confused")
                        .withUris("spiffe://a.example/x", "spiffe://b.example/y"))
                .certificate());

    assertThat(cert.spiffeId()).isEmpty();
    assertThat(cert.uris()).hasSize(2);
  }
}
