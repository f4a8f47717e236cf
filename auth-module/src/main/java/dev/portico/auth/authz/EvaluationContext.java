package dev.portico.auth.authz;

import dev.cel.runtime.CelVariableResolver;
import dev.portico.auth.ClientCertificate;
import dev.portico.auth.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables of one authorization decision, as CEL sees them ({@link
 * dev.portico.config.policy.PolicyVariable}). Values are produced when a condition reads them, so a
 * condition on {@code request.method} never builds the header map. One instance per decision; not
 * thread-safe.
 */
final class EvaluationContext implements CelVariableResolver {

  private final AccessRequest request;
  private final Principal principal;
  private final String routeId;
  private final Map<String, String> routeMetadata;
  private CelMapView token;

  EvaluationContext(
      AccessRequest request,
      Principal principal,
      String routeId,
      Map<String, String> routeMetadata) {
    this.request = request;
    this.principal = principal;
    this.routeId = routeId;
    this.routeMetadata = routeMetadata;
  }

  Principal principal() {
    return principal;
  }

  AccessRequest request() {
    return request;
  }

  @Override
  public Optional<Object> find(String name) {
    return Optional.ofNullable(value(name));
  }

  private Object value(String name) {
    return switch (name) {
      case "request.method" -> request.method();
      case "request.path" -> request.path();
      case "request.host" -> request.host();
      case "request.headers" -> new CelMapView(request.headers());
      case "request.query" -> new CelMapView(request.query());
      case "request.ip" -> request.clientIp();
      case "request.time" -> request.time();
      case "token" -> token();
      case "principal.authenticated" -> principal != null;
      case "principal.subject" -> principal == null ? "" : orEmpty(principal.subject());
      case "principal.issuer" -> principal == null ? "" : orEmpty(principal.issuer());
      case "principal.roles" -> strings(principal == null ? null : principal.roles());
      case "principal.scopes" -> strings(principal == null ? null : principal.scopes());
      case "principal.consumer" -> principal == null ? "" : orEmpty(principal.consumer());
      case "route.id" -> routeId;
      case "route.metadata" -> new CelMapView(routeMetadata);
      default -> name.startsWith("cert.") ? certificateValue(name) : null;
    };
  }

  private Object certificateValue(String name) {
    ClientCertificate cert = request.clientCertificate();
    if (name.equals("cert.present")) {
      return cert != null;
    }
    if (cert == null) {
      return switch (name) {
        case "cert.dns_names", "cert.uris" -> new CelListView(List.of());
        case "cert.not_after" -> Instant.EPOCH;
        default -> "";
      };
    }
    return switch (name) {
      case "cert.subject" -> cert.subject();
      case "cert.issuer" -> cert.issuer();
      case "cert.spiffe_id" -> cert.spiffeId();
      case "cert.dns_names" -> new CelListView(cert.dnsNames());
      case "cert.uris" -> new CelListView(cert.uris());
      case "cert.fingerprint" -> cert.fingerprint();
      case "cert.serial" -> cert.serial();
      case "cert.not_after" -> cert.notAfter();
      default -> null;
    };
  }

  private CelMapView token() {
    if (token == null) {
      token = new CelMapView(principal == null ? Map.of() : principal.claims());
    }
    return token;
  }

  private static CelListView strings(java.util.Set<String> values) {
    return new CelListView(values == null ? List.of() : List.copyOf(values));
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
