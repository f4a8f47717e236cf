package dev.portico.auth.authz;

import dev.portico.auth.ClientCertificate;
import java.time.Instant;
import java.util.Map;

/**
 * The facts about a request that authorization rules can read. Implementations compute the maps
 * lazily: most conditions read one or two values, and a rule without a CEL condition reads none.
 */
public interface AccessRequest {

  /** The HTTP method, upper case. */
  String method();

  /** The normalized path, without the query. */
  String path();

  /** The host the request was sent to, without the port, lower case; "" when unknown. */
  String host();

  /** Header name (lower case) to value; repeated headers joined with ", ". */
  Map<String, String> headers();

  /** Query parameter name to its first value, decoded. */
  Map<String, String> query();

  /** The client's IP address (after trusted proxies); "" when unknown. */
  String clientIp();

  /** When the request arrived. */
  Instant time();

  /** The verified TLS client certificate, or null when the client sent none (or used no TLS). */
  default ClientCertificate clientCertificate() {
    return null;
  }
}
