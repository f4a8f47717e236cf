package dev.portico.config.internal;

import dev.portico.config.mesh.SvidException;
import dev.portico.config.mesh.SvidFiles;
import dev.portico.config.model.Endpoint;
import dev.portico.config.model.MeshSidecar;
import dev.portico.config.model.SpiffeId;
import dev.portico.config.model.Upstream;
import dev.portico.config.model.UpstreamMesh;
import dev.portico.config.model.UpstreamMtls;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The mesh part of {@link UpstreamChecks}: exactly one mode; for mtls the SVID files are read and
 * checked (so a broken SVID is refused at load, naming the file), the SPIFFE ID rule and https
 * endpoints; for a sidecar, DNS-label names and plain-http endpoints.
 */
final class MeshChecks {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern DNS_NAME =
      Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  private final Diagnostics diagnostics;
  private final ConfigValidator shared;

  MeshChecks(Diagnostics diagnostics, ConfigValidator shared) {
    this.diagnostics = diagnostics;
    this.shared = shared;
  }

  void check(String upstreamPath, Upstream upstream) {
    UpstreamMesh mesh = upstream.mesh();
    String path = YamlPaths.child(upstreamPath, "mesh");
    if ((mesh.mtls() == null) == (mesh.sidecar() == null)) {
      if (!diagnostics.hasErrorsAt(path)) {
        diagnostics.errorAtKey(path, "needs exactly one of mtls and sidecar");
      }
      return;
    }
    if (mesh.mtls() != null) {
      checkMtls(YamlPaths.child(path, "mtls"), mesh.mtls());
      checkSchemes(
          upstreamPath, upstream, "https", "mesh.mtls: Portico speaks TLS to the endpoints");
    } else {
      checkSidecar(YamlPaths.child(path, "sidecar"), mesh.sidecar());
      checkSchemes(
          upstreamPath,
          upstream,
          "http",
          "mesh.sidecar: the sidecar takes plain HTTP and adds mTLS");
    }
  }

  private void checkMtls(String path, UpstreamMtls mtls) {
    boolean ids = !mtls.spiffeIds().isEmpty();
    boolean domain = mtls.trustDomain() != null;
    if (ids == domain && !diagnostics.hasErrorsAt(YamlPaths.child(path, "spiffe-ids"))) {
      diagnostics.errorAtKey(
          path,
          "needs exactly one of spiffe-ids and trust-domain (which SPIFFE IDs the upstream may"
              + " present)");
    }
    if (domain) {
      String problem = SpiffeId.trustDomainProblem(mtls.trustDomain());
      if (problem != null) {
        diagnostics.error(
            YamlPaths.child(path, "trust-domain"),
            "'"
                + mtls.trustDomain()
                + "' is not a trust domain: "
                + problem
                + " (e.g. cluster.local)");
      }
    }
    shared.positive(YamlPaths.child(path, "refresh-interval"), mtls.refreshInterval());
    List<String> keys = List.of("certificate-file", "key-file", "trust-bundle-file");
    if (mtls.certificateFile() == null
        || mtls.keyFile() == null
        || mtls.trustBundleFile() == null
        || keys.stream().anyMatch(k -> diagnostics.hasErrorsAt(YamlPaths.child(path, k)))) {
      return;
    }
    try {
      SvidFiles.read(
          Path.of(mtls.certificateFile()),
          Path.of(mtls.keyFile()),
          Path.of(mtls.trustBundleFile()));
    } catch (SvidException e) {
      diagnostics.error(YamlPaths.child(path, e.file().key()), e.getMessage());
    }
  }

  private void checkSidecar(String path, MeshSidecar sidecar) {
    label(YamlPaths.child(path, "service"), sidecar.service(), "a Kubernetes service name");
    label(YamlPaths.child(path, "namespace"), sidecar.namespace(), "a Kubernetes namespace");
    if (sidecar.clusterDomain() != null && !DNS_NAME.matcher(sidecar.clusterDomain()).matches()) {
      diagnostics.error(
          YamlPaths.child(path, "cluster-domain"),
          "'" + sidecar.clusterDomain() + "' is not a DNS domain (e.g. cluster.local)");
    }
  }

  private void label(String path, String value, String what) {
    if (value != null && !DNS_LABEL.matcher(value).matches()) {
      diagnostics.error(
          path,
          "'" + value + "' is not " + what + " (lowercase letters, digits and -, at most 63)");
    }
  }

  private void checkSchemes(String upstreamPath, Upstream upstream, String scheme, String why) {
    List<Endpoint> endpoints = upstream.endpoints();
    for (int i = 0; i < endpoints.size(); i++) {
      Endpoint endpoint = endpoints.get(i);
      if (endpoint != null
          && endpoint.url() != null
          && !scheme.equalsIgnoreCase(endpoint.url().getScheme())) {
        diagnostics.error(
            YamlPaths.child(YamlPaths.index(YamlPaths.child(upstreamPath, "endpoints"), i), "url"),
            "must be an " + scheme + " URL (" + why + ")");
      }
    }
    if (upstream.discovery() != null
        && upstream.discovery().scheme() != null
        && !scheme.equalsIgnoreCase(upstream.discovery().scheme())) {
      String at = YamlPaths.child(YamlPaths.child(upstreamPath, "discovery"), "scheme");
      if (diagnostics.sourceMap().isWritten(at)) {
        diagnostics.error(at, "must be " + scheme + " (" + why + ")");
      } else {
        diagnostics.errorAtKey(
            YamlPaths.child(upstreamPath, "discovery"),
            "needs scheme: " + scheme + " (" + why + ")");
      }
    }
  }
}
