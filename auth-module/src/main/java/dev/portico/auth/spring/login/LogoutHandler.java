package dev.portico.auth.spring.login;

import dev.portico.auth.login.BrowserSession;
import dev.portico.config.model.Issuer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Logout: clears the session cookies, then sends the browser to the provider's {@code
 * end_session_endpoint} (RP-initiated logout, with {@code id_token_hint}, {@code client_id} and
 * {@code post_logout_redirect_uri = scheme://host/}, which must be registered at the provider) when
 * the session has an ID token and the provider offers one; otherwise to {@code /}.
 *
 * <p>Thread-safe. Never fails: when the provider's metadata cannot be fetched the local logout
 * still happens and the browser goes to {@code /}.
 */
final class LogoutHandler {

  private final LoginContext context;

  LogoutHandler(LoginContext context) {
    this.context = context;
  }

  Mono<Void> handle(ServerWebExchange exchange) {
    Optional<BrowserSession> session =
        context.cookies().sessionValue(exchange.getRequest()).flatMap(context.codec()::openSession);
    context.cookies().clearSession(exchange);
    if (session.isEmpty()) {
      return LoginContext.redirect(exchange, "/");
    }
    BrowserSession ended = session.get();
    context.count(ended.issuer(), "logged-out");
    Issuer issuer = context.issuers().get(ended.issuer());
    if (ended.idToken() == null || issuer == null) {
      return LoginContext.redirect(exchange, "/");
    }
    String origin = LoginContext.origin(exchange.getRequest());
    return context
        .registry()
        .providerMetadata(ended.issuer())
        .filter(metadata -> metadata.endSessionEndpoint() != null)
        .map(
            metadata -> {
              Map<String, String> params = new LinkedHashMap<>();
              params.put("id_token_hint", ended.idToken());
              params.put("client_id", issuer.login().clientId());
              params.put("post_logout_redirect_uri", origin + "/");
              return BrowserLogin.withQuery(metadata.endSessionEndpoint().toString(), params);
            })
        .onErrorResume(error -> Mono.empty())
        .defaultIfEmpty("/")
        .flatMap(location -> LoginContext.redirect(exchange, location));
  }
}
