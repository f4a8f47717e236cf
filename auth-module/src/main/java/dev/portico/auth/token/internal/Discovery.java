package dev.portico.auth.token.internal;

import dev.portico.auth.token.ProviderMetadata;
import java.net.URI;
import java.util.Map;

/**
 * Reads an OIDC discovery document. Its {@code issuer} must equal the configured issuer exactly
 * (OIDC Discovery §4.3), which stops a document from one provider being used for another.
 */
final class Discovery {

  static final String PATH = "/.well-known/openid-configuration";

  private Discovery() {}

  /** Where the discovery document of {@code issuerId} is. */
  static URI location(String issuerId) {
    String base = issuerId.endsWith("/") ? issuerId.substring(0, issuerId.length() - 1) : issuerId;
    return URI.create(base + PATH);
  }

  /**
   * @throws IdpException when the document is for another issuer or an endpoint is not a URI
   */
  static ProviderMetadata parse(String issuerId, URI location, Map<String, Object> document) {
    if (!issuerId.equals(document.get("issuer"))) {
      throw new IdpException(location + " names another issuer than " + issuerId);
    }
    return new ProviderMetadata(
        issuerId,
        uri(location, document, "jwks_uri"),
        uri(location, document, "authorization_endpoint"),
        uri(location, document, "token_endpoint"),
        uri(location, document, "introspection_endpoint"),
        uri(location, document, "end_session_endpoint"),
        uri(location, document, "userinfo_endpoint"));
  }

  private static URI uri(URI location, Map<String, Object> document, String name) {
    Object value = document.get(name);
    if (value == null) {
      return null;
    }
    try {
      URI uri = value instanceof String text ? new URI(text) : null;
      if (uri == null
          || !uri.isAbsolute()
          || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
        throw new IdpException(location + ": " + name + " is not an http(s) URL");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new IdpException(location + ": " + name + " is not an http(s) URL");
    }
  }
}
