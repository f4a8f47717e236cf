package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Required;
import java.time.Duration;
import java.util.List;

/**
 * mTLS that Portico originates itself to an upstream's endpoints, with a SPIFFE X.509-SVID read
 * from PEM files that an agent (SPIRE's spiffe-helper, Istio's agent) keeps rotating, and SPIFFE ID
 * verification of the upstream in place of hostname verification.
 */
@Doc(
    "mTLS from Portico to the endpoints with a SPIFFE X.509-SVID from files (re-read when an agent"
        + " rotates them); the upstream's SPIFFE ID is verified instead of its host name. Needs"
        + " https endpoint URLs. Set exactly one of spiffe-ids and trust-domain. See docs/mesh.md.")
public record UpstreamMtls(
    @Doc("PEM file with Portico's X.509-SVID (leaf first, then intermediates).") @Required
        String certificateFile,
    @Doc("PEM file with the SVID's private key (PKCS#8, BEGIN PRIVATE KEY).") @Required
        String keyFile,
    @Doc("PEM file with the CA certificates the upstream's SVID must chain to.") @Required
        String trustBundleFile,
    @Doc("The upstream's accepted SPIFFE IDs, e.g. [spiffe://cluster.local/ns/shop/sa/orders].")
        List<SpiffeId> spiffeIds,
    @Doc("Accept any SPIFFE ID of this trust domain (spiffe://<trust-domain>/...).")
        String trustDomain,
    @Doc(
            "How often the three files are checked for a rotation; new connections use the new"
                + " SVID.")
        @Default("5s")
        Duration refreshInterval) {

  public UpstreamMtls {
    spiffeIds = Models.list(spiffeIds);
  }

  /** Whether {@code id} is one this upstream may present. */
  public boolean accepts(SpiffeId id) {
    return trustDomain != null ? trustDomain.equals(id.trustDomain()) : spiffeIds.contains(id);
  }
}
