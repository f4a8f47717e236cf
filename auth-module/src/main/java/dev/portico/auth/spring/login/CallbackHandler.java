package dev.portico.auth.spring.login;

import dev.portico.auth.CredentialKind;
import dev.portico.auth.Principal;
import dev.portico.auth.Rejection;
import dev.portico.auth.login.BrowserSession;
import dev.portico.auth.login.LoginState;
import dev.portico.auth.login.ReturnPaths;
import dev.portico.auth.token.ProviderMetadata;
import dev.portico.auth.token.TokenRejectedException;
import dev.portico.config.model.Issuer;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The login callback: matches {@code state} against the login-state cookie, turns a provider error
 * into 401, exchanges the code (with the PKCE verifier) at the token endpoint, verifies the ID
 * token and its nonce, seals the session into cookies and sends the browser back to where it
 * started (a path on this host). The login-state cookie is cleared whatever the outcome: each login
 * attempt is used once.
 *
 * <p>Thread-safe. Failures answer problem+json: 400 (state unknown, expired or not matching; a
 * malformed answer), 401 (the provider refused the login or the code; the ID token is invalid), 502
 * (the provider cannot be reached).
 */
final class CallbackHandler {

  private static final Logger log = LoggerFactory.getLogger(CallbackHandler.class);
  private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

  private final LoginContext context;

  CallbackHandler(LoginContext context) {
    this.context = context;
  }

  Mono<Void> handle(ServerWebExchange exchange) {
    ServerHttpRequest request = exchange.getRequest();
    MultiValueMap<String, String> query = request.getQueryParams();
    String returnedState = query.getFirst("state");
    Optional<LoginState> opened =
        context
            .cookies()
            .loginStateValue(request, returnedState)
            .flatMap(context.codec()::openLoginState)
            .filter(state -> state.matchesState(returnedState));
    context.cookies().clearLoginState(exchange, returnedState);
    String issuerName = opened.map(LoginState::issuer).orElse(null);
    return Mono.defer(() -> complete(exchange, query, opened))
        .onErrorResume(
            error -> !(error instanceof LoginProblem),
            error -> {
              log.warn("Login callback of issuer '{}' failed", issuerName, error);
              return Mono.error(
                  new LoginProblem(
                      HttpStatus.INTERNAL_SERVER_ERROR,
                      "login-error",
                      "Login error",
                      "The login could not be completed."));
            })
        .onErrorResume(
            LoginProblem.class,
            problem -> {
              context.count(issuerName, problem.slug());
              return problem.write(exchange);
            });
  }

  private Mono<Void> complete(
      ServerWebExchange exchange,
      MultiValueMap<String, String> query,
      Optional<LoginState> opened) {
    if (opened.isEmpty()) {
      throw LoginProblem.invalidState(
          "This login answer does not belong to a login started here in the last 10 minutes;"
              + " start again from the page you wanted.");
    }
    LoginState state = opened.get();
    Issuer issuer = context.issuers().get(state.issuer());
    if (issuer == null) {
      throw LoginProblem.invalidState("The login was started for an issuer no longer configured.");
    }
    String error = query.getFirst("error");
    if (error != null) {
      String code = ERROR_CODE.matcher(error).matches() ? error : "unknown_error";
      throw LoginProblem.failed("The identity provider did not log you in (" + code + ").");
    }
    String code = query.getFirst("code");
    if (code == null || code.isBlank()) {
      throw LoginProblem.invalidResponse(
          "The identity provider's answer has no authorization code.");
    }
    return context
        .registry()
        .providerMetadata(state.issuer())
        .onErrorMap(
            e -> !(e instanceof LoginProblem),
            e -> LoginProblem.providerUnavailable("The identity provider cannot be reached."))
        .flatMap(metadata -> exchangeCode(exchange, query, metadata, state, issuer, code))
        .flatMap(session -> finish(exchange, state, session));
  }

  private Mono<BrowserSession> exchangeCode(
      ServerWebExchange exchange,
      MultiValueMap<String, String> query,
      ProviderMetadata metadata,
      LoginState state,
      Issuer issuer,
      String code) {
    String iss = query.getFirst("iss");
    if (iss != null && !iss.equals(metadata.issuer())) {
      // RFC 9207: the answer came from another provider than the one the login was sent to.
      return Mono.error(
          LoginProblem.invalidResponse("The login answer names another issuer (iss)."));
    }
    if (metadata.tokenEndpoint() == null) {
      return Mono.error(
          LoginProblem.providerUnavailable("The identity provider publishes no token endpoint."));
    }
    return context
        .endpoints()
        .get(state.issuer())
        .exchangeCode(
            metadata.tokenEndpoint(),
            code,
            context.redirectUri(exchange.getRequest()),
            state.codeVerifier())
        .onErrorMap(
            TokenEndpointException.class,
            e ->
                e.refused()
                    ? LoginProblem.failed(
                        "The identity provider refused the authorization code (" + e.error() + ").")
                    : LoginProblem.providerUnavailable(
                        "The identity provider could not complete the login: "
                            + e.getMessage()
                            + "."))
        .flatMap(tokens -> verify(state, issuer, tokens));
  }

  private Mono<BrowserSession> verify(LoginState state, Issuer issuer, TokenResponse tokens) {
    if (tokens.idToken() == null) {
      return Mono.error(LoginProblem.invalidIdToken("The identity provider returned no ID token."));
    }
    return context
        .registry()
        .verifyIdToken(state.issuer(), tokens.idToken(), issuer.login().clientId(), state.nonce())
        .onErrorMap(
            e -> !(e instanceof LoginProblem),
            e ->
                e instanceof TokenRejectedException rejected
                        && rejected.rejection().reason() != Rejection.UNAVAILABLE
                    ? LoginProblem.invalidIdToken("The ID token was refused: " + e.getMessage())
                    : LoginProblem.providerUnavailable(
                        "The identity provider's signing keys cannot be fetched."))
        .switchIfEmpty(Mono.error(() -> LoginProblem.invalidIdToken("The ID token was refused.")))
        .map(principal -> session(state, issuer, tokens, principal));
  }

  private BrowserSession session(
      LoginState state, Issuer issuer, TokenResponse tokens, Principal verified) {
    Instant now = context.clock().instant();
    Instant expiresAt = now.plus(context.maxAge());
    Set<String> scopes =
        tokens.scope() == null
            ? new LinkedHashSet<>(issuer.login().scopes())
            : new LinkedHashSet<>(Arrays.asList(tokens.scope().trim().split("\\s+")));
    Principal principal =
        new Principal(
            verified.subject(),
            state.issuer(),
            verified.roles(),
            scopes,
            null,
            verified.claims(),
            expiresAt,
            CredentialKind.SESSION);
    return new BrowserSession(
        state.issuer(),
        principal,
        tokens.accessToken(),
        tokens.expiresIn() == null ? null : now.plus(tokens.expiresIn()),
        tokens.refreshToken(),
        tokens.idToken(),
        expiresAt);
  }

  private Mono<Void> finish(ServerWebExchange exchange, LoginState state, BrowserSession session) {
    context.cookies().writeSession(exchange, context.codec().seal(session), context.maxAge());
    context.count(state.issuer(), "logged-in");
    return LoginContext.redirect(exchange, ReturnPaths.sanitize(state.returnTo()));
  }
}
