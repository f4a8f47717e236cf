package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Required;
import java.util.List;

/** The OAuth client Portico uses for browser login against an issuer. */
@Doc("The OAuth client for browser login: authorization code flow with PKCE, state and nonce.")
public record OidcLogin(
    @Doc("Client id registered at the identity provider.") @Required String clientId,
    @Doc("Client secret (confidential clients); write it as ${env:NAME} or ${file:/path}.")
        String clientSecret,
    @Doc("Scopes requested at login.") @Default("[openid, profile, email]") List<String> scopes) {

  public OidcLogin {
    scopes = Models.list(scopes);
  }
}
