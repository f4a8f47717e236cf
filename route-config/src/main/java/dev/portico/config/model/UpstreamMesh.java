package dev.portico.config.model;

import dev.portico.config.schema.Doc;

/** How requests to an upstream enter the service mesh: exactly one of its two modes. */
@Doc(
    "Hands the upstream's requests into a service mesh: mtls (Portico speaks SPIFFE mTLS itself) or"
        + " sidecar (plain HTTP addressed for the Istio/Linkerd sidecar); exactly one. See"
        + " docs/mesh.md.")
public record UpstreamMesh(
    @Doc("Portico originates SPIFFE mTLS to the endpoints with an X.509-SVID from files.")
        UpstreamMtls mtls,
    @Doc("Plain HTTP through the Istio or Linkerd sidecar, addressed to a Kubernetes service.")
        MeshSidecar sidecar) {}
