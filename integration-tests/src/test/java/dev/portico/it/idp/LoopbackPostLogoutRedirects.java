package dev.portico.it.idp;

import java.net.URI;
import java.util.function.Consumer;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationValidator;

/**
 * Accepts a {@code post_logout_redirect_uri} on 127.0.0.1 whatever its port when the client has it
 * registered without a port, as Spring Authorization Server already does for redirect URIs (RFC
 * 8252 §7.3); everything else goes to the standard validation. So a gateway on a random test port
 * can use RP-initiated logout without registering its origin first.
 */
final class LoopbackPostLogoutRedirects implements Consumer<OidcLogoutAuthenticationContext> {

  private final OidcLogoutAuthenticationValidator standard =
      new OidcLogoutAuthenticationValidator();

  @Override
  public void accept(OidcLogoutAuthenticationContext context) {
    OidcLogoutAuthenticationToken token = context.getAuthentication();
    String requested = token.getPostLogoutRedirectUri();
    if (requested != null
        && context.getRegisteredClient() != null
        && context
            .getRegisteredClient()
            .getPostLogoutRedirectUris()
            .contains(withoutLoopbackPort(requested))) {
      return;
    }
    standard.accept(context);
  }

  private static String withoutLoopbackPort(String uri) {
    try {
      URI parsed = URI.create(uri);
      if (!"127.0.0.1".equals(parsed.getHost()) || parsed.getPort() < 0) {
        return uri;
      }
      return new URI(
              parsed.getScheme(),
              null,
              parsed.getHost(),
              -1,
              parsed.getPath(),
              parsed.getQuery(),
              null)
          .toString();
    } catch (IllegalArgumentException | java.net.URISyntaxException e) {
      return uri;
    }
  }
}
