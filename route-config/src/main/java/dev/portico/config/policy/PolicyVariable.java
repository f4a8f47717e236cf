package dev.portico.config.policy;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;

/**
 * The variables a CEL condition can read, with their types (checked when the configuration loads)
 * and what they hold. The one list the compiler, the evaluator and docs/authorization.md follow.
 */
public enum PolicyVariable {
  REQUEST_METHOD("request.method", SimpleType.STRING, "the HTTP method, upper case"),
  REQUEST_PATH("request.path", SimpleType.STRING, "the normalized path, without the query"),
  REQUEST_HOST("request.host", SimpleType.STRING, "the Host header without the port, lower case"),
  REQUEST_HEADERS(
      "request.headers",
      MapType.create(SimpleType.STRING, SimpleType.STRING),
      "header name (lower case) to value; repeated headers joined with \", \""),
  REQUEST_QUERY(
      "request.query",
      MapType.create(SimpleType.STRING, SimpleType.STRING),
      "query parameter name to its first value, decoded"),
  REQUEST_IP("request.ip", SimpleType.STRING, "the client IP (after trusted proxies)"),
  REQUEST_TIME("request.time", SimpleType.TIMESTAMP, "when the request arrived"),
  TOKEN(
      "token",
      MapType.create(SimpleType.STRING, SimpleType.DYN),
      "the claims of the caller's token; empty without a token"),
  PRINCIPAL_AUTHENTICATED(
      "principal.authenticated", SimpleType.BOOL, "whether the caller authenticated"),
  PRINCIPAL_SUBJECT("principal.subject", SimpleType.STRING, "the caller's subject; \"\" if none"),
  PRINCIPAL_ISSUER(
      "principal.issuer", SimpleType.STRING, "the issuer's configured name; \"\" if none"),
  PRINCIPAL_ROLES("principal.roles", ListType.create(SimpleType.STRING), "the caller's roles"),
  PRINCIPAL_SCOPES("principal.scopes", ListType.create(SimpleType.STRING), "the caller's scopes"),
  PRINCIPAL_CONSUMER(
      "principal.consumer", SimpleType.STRING, "the API-key consumer's name; \"\" if none"),
  ROUTE_ID("route.id", SimpleType.STRING, "the route's id"),
  ROUTE_METADATA(
      "route.metadata",
      MapType.create(SimpleType.STRING, SimpleType.STRING),
      "the route's metadata"),
  CERT_PRESENT(
      "cert.present", SimpleType.BOOL, "whether the client sent a verified TLS certificate"),
  CERT_SUBJECT(
      "cert.subject",
      SimpleType.STRING,
      "the client certificate's subject DN (RFC 2253, e.g. CN=a,O=b); \"\" without one"),
  CERT_ISSUER(
      "cert.issuer", SimpleType.STRING, "the client certificate's issuer DN; \"\" without one"),
  CERT_SPIFFE_ID(
      "cert.spiffe_id",
      SimpleType.STRING,
      "the client certificate's spiffe:// URI SAN; \"\" without one"),
  CERT_DNS_NAMES(
      "cert.dns_names", ListType.create(SimpleType.STRING), "the client certificate's DNS SANs"),
  CERT_URIS("cert.uris", ListType.create(SimpleType.STRING), "the client certificate's URI SANs"),
  CERT_FINGERPRINT(
      "cert.fingerprint",
      SimpleType.STRING,
      "SHA-256 of the client certificate (DER), lower-case hex; \"\" without one"),
  CERT_SERIAL(
      "cert.serial",
      SimpleType.STRING,
      "the client certificate's serial number, hex; \"\" without one"),
  CERT_NOT_AFTER(
      "cert.not_after",
      SimpleType.TIMESTAMP,
      "when the client certificate expires; the epoch without one");

  private final String celName;
  private final CelType type;
  private final String description;

  PolicyVariable(String celName, CelType type, String description) {
    this.celName = celName;
    this.type = type;
    this.description = description;
  }

  /** The name written in conditions, e.g. {@code request.method}. */
  public String celName() {
    return celName;
  }

  public CelType type() {
    return type;
  }

  public String description() {
    return description;
  }
}
