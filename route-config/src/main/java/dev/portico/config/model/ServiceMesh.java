package dev.portico.config.model;

/** The service mesh whose sidecar carries requests to an upstream. */
public enum ServiceMesh {
  /** Istio (Envoy sidecar): routes on the Host header / :authority. */
  ISTIO,
  /** Linkerd (linkerd2-proxy): routes on the l5d-dst-override header when present. */
  LINKERD
}
