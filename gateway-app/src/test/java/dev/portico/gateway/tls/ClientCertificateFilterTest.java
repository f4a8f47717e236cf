package dev.portico.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.auth.ClientCertificate;
import dev.portico.config.model.ClientCertificateRequirement;
import dev.portico.testing.tls.CertificateSpec;
import dev.portico.testing.tls.TestCa;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which client certificates a route's requirement accepts; every non-empty list must. */
class ClientCertificateFilterTest {

  static final TestCa CA = TestCa.create("partners-ca");
  static final ClientCertificate BILLING =
      ClientCertificate.of(CA.svid("spiffe://corp.example/billing").certificate());
  static final ClientCertificate PARTNER =
      ClientCertificate.of(
          CA.issue(CertificateSpec.of("partner-a").withUris("spiffe://partners.example/batch"))
              .certificate());

  @Test
  void anEmptyRequirementAcceptsAnyVerifiedCertificate() {
    assertThat(filter(List.of(), List.of(), List.of()).accepts(BILLING)).isTrue();
  }

  @Test
  void spiffeIdsTrustDomainsAndSubjectsEachNarrowTheChoice() {
    assertThat(
            filter(List.of("spiffe://corp.example/billing"), List.of(), List.of()).accepts(BILLING))
        .isTrue();
    assertThat(
            filter(List.of("spiffe://corp.example/billing"), List.of(), List.of()).accepts(PARTNER))
        .isFalse();
    assertThat(filter(List.of(), List.of("partners.example"), List.of()).accepts(PARTNER)).isTrue();
    assertThat(filter(List.of(), List.of("partners.example"), List.of()).accepts(BILLING))
        .isFalse();
    assertThat(filter(List.of(), List.of(), List.of("CN=partner-a")).accepts(PARTNER)).isTrue();
    assertThat(filter(List.of(), List.of(), List.of("CN=partner-a")).accepts(BILLING)).isFalse();
  }

  @Test
  void everyNonEmptyListMustAccept() {
    var both = filter(List.of(), List.of("partners.example"), List.of("CN=someone-else"));

    assertThat(both.accepts(PARTNER)).isFalse();
  }

  private static ClientCertificateFilter filter(
      List<String> spiffeIds, List<String> trustDomains, List<String> subjects) {
    return new ClientCertificateFilter(
        "r",
        new ClientCertificateRequirement(spiffeIds, trustDomains, subjects),
        new SimpleMeterRegistry());
  }
}
