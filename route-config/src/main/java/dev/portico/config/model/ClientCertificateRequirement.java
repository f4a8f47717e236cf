package dev.portico.config.model;

import dev.portico.config.schema.Doc;
import java.util.List;

/**
 * A route's demand for a verified TLS client certificate, and which ones it accepts. Every list
 * that is not empty must accept the certificate.
 */
@Doc(
    "Requires a verified TLS client certificate (gateway.listen.tls.client-auth optional or"
        + " required): 401 without one, 403 when it is not among the accepted ones. Every"
        + " non-empty list must accept it. See docs/tls.md.")
public record ClientCertificateRequirement(
    @Doc("Accepted SPIFFE IDs (the certificate's spiffe:// URI SAN), e.g. spiffe://corp/billing.")
        List<String> spiffeIds,
    @Doc("Accepted SPIFFE trust domains, e.g. corp.example (any workload of the domain).")
        List<String> trustDomains,
    @Doc("Accepted subject distinguished names, e.g. \"CN=partner-a,O=Partner A\".")
        List<String> subjects) {

  public ClientCertificateRequirement {
    spiffeIds = Models.list(spiffeIds);
    trustDomains = Models.list(trustDomains);
    subjects = Models.list(subjects);
  }
}
