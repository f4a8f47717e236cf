package dev.portico.auth.authz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.auth.ClientCertificate;
import dev.portico.config.ConfigLoader;
import dev.portico.config.model.PorticoConfig;
import dev.portico.config.model.Route;
import dev.portico.testing.tls.CertificateSpec;
import dev.portico.testing.tls.TestCa;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CEL conditions on the TLS client certificate ({@code cert.*}). */
class CertificateConditionsTest {

  static final TestCa CA = TestCa.create("partners-ca");

  private static final String CONFIG =
      """
      gateway: { default-policy: allow }
      upstreams:
        app: { endpoints: [ { url: "http://app:8080" } ] }
      routes:
        - id: reports
          match: { path: /reports/** }
          upstream: app
          authorization:
            allow:
              - name: reporting
                when: "cert.present && cert.spiffe_id.startsWith('spiffe://corp.example/reporting/')"
              - name: partner-batch
                when: >-
                  'batch.partner.example' in cert.dns_names
                  && cert.subject == 'CN=partner-a' && cert.issuer == 'CN=partners-ca'
                  && size(cert.fingerprint) == 64 && cert.serial != ''
                  && cert.not_after > request.time && size(cert.uris) == 0
            deny:
              - name: anonymous-certs
                when: "!cert.present && request.method == 'DELETE'"
      """;

  private final RoutePolicy policy = policy();

  @Test
  void aConditionOnTheSpiffeIdAllowsOnlyThatWorkload() {
    assertThat(decide(CA.svid("spiffe://corp.example/reporting/daily").certificate()))
        .extracting(Decision::rule)
        .isEqualTo("reporting");
    assertThat(decide(CA.svid("spiffe://corp.example/billing").certificate()).allowed()).isFalse();
  }

  @Test
  void subjectIssuerDnsNamesFingerprintSerialAndExpiryAreReadable() {
    var partner =
        CA.issue(CertificateSpec.of("partner-a").withDnsNames("batch.partner.example"))
            .certificate();

    assertThat(decide(partner).rule()).isEqualTo("partner-batch");
  }

  @Test
  void withoutACertificateTheVariablesAreEmptyAndPresentIsFalse() {
    Decision decision = policy.decide(new Request("GET", null), null);

    assertThat(decision.allowed()).isFalse();
    assertThat(policy.decide(new Request("DELETE", null), null).rule())
        .isEqualTo("anonymous-certs");
  }

  private Decision decide(java.security.cert.X509Certificate certificate) {
    return policy.decide(new Request("GET", ClientCertificate.of(certificate)), null);
  }

  private static RoutePolicy policy() {
    try {
      PorticoConfig config = ConfigLoader.parse("certs.yaml", CONFIG, Map.of()).config();
      Route route = config.routes().get(0);
      return RoutePolicy.compile(route, config.policies());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private record Request(String method, ClientCertificate clientCertificate)
      implements AccessRequest {

    @Override
    public String path() {
      return "/reports/q";
    }

    @Override
    public String host() {
      return "api.example.com";
    }

    @Override
    public Map<String, String> headers() {
      return Map.of();
    }

    @Override
    public Map<String, String> query() {
      return Map.of();
    }

    @Override
    public String clientIp() {
      return "192.0.2.1";
    }

    @Override
    public Instant time() {
      return Instant.now();
    }
  }
}
