package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Range;
import dev.portico.config.schema.Required;

/**
 * Plain HTTP through the mesh sidecar next to Portico, addressed so the sidecar routes the request
 * to a Kubernetes service: the authority is {@code
 * <service>.<namespace>.svc.<cluster-domain>:<port>}.
 */
@Doc(
    "Plain HTTP through the sidecar of the pod Portico runs in (Istio or Linkerd), addressed to a"
        + " Kubernetes service so the sidecar routes it (and adds mTLS). See docs/mesh.md.")
public record MeshSidecar(
    @Doc(
            "istio (sets Host to the service's authority) or linkerd (adds l5d-dst-override with"
                + " it; Host stays as sent).")
        @Required
        ServiceMesh mesh,
    @Doc("The Kubernetes service name, e.g. orders.") @Required String service,
    @Doc("The service's namespace.") @Default("default") String namespace,
    @Doc("The service port; the port of the endpoint the attempt goes to when left out.")
        @Range(min = 1, max = 65535)
        Integer port,
    @Doc("The cluster's DNS domain.") @Default("cluster.local") String clusterDomain) {

  /** The authority the mesh routes on, for a request sent to {@code endpointPort}. */
  public String authority(int endpointPort) {
    return service
        + "."
        + namespace
        + ".svc."
        + clusterDomain
        + ":"
        + (port != null ? port : endpointPort);
  }
}
