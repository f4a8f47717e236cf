package dev.portico.config.model;

import dev.portico.config.schema.Doc;

/** How requests to an upstream enter the service mesh: exactly one of its two modes. */
@Doc(
    "Hands the upstream's requests into a service mesh: mtls (Portico speaks SPIFFE mTLS itself) or"
        + " sidecar (plain HTTP addressed for the Istio/Linkerd sidecar); exactly one. See"
        + " docs/mesh.md.")
public record UpstreamMesh(UpstreamMtls mtls, MeshSidecar sidecar) {}
