/**
 * Hands requests into a service mesh: SPIFFE mTLS that Portico originates itself with an X.509-SVID
 * from rotating files ({@link dev.portico.gateway.mesh.MeshTransport}), or plain HTTP addressed for
 * an Istio or Linkerd sidecar. The routing filter ({@link
 * dev.portico.gateway.protocol.PorticoRoutingFilter}) picks the HTTP client per attempt from the
 * attempt's upstream. See docs/mesh.md.
 */
package dev.portico.gateway.mesh;
