package dev.portico.auth.spring.login;

import dev.portico.auth.Principal;
import dev.portico.auth.login.BrowserSession;
import dev.portico.config.model.Issuer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Refreshes the access token of a session with its refresh token. Concurrent requests of one
 * browser that find the same expired token share one call to the token endpoint (providers that
 * rotate refresh tokens would otherwise see the old one reused and may revoke the session).
 *
 * <p>Thread-safe. Never fails: a refresh that cannot be done clears the session and yields empty.
 */
final class SessionRefresher {

  private static final Logger log = LoggerFactory.getLogger(SessionRefresher.class);

  private final LoginContext context;
  private final Map<String, Mono<BrowserSession>> inFlight = new ConcurrentHashMap<>();

  SessionRefresher(LoginContext context) {
    this.context = context;
  }

  Mono<LoginSession> refresh(ServerWebExchange exchange, BrowserSession session) {
    Issuer issuer = context.issuers().get(session.issuer());
    if (session.refreshToken() == null || issuer == null) {
      context.cookies().clearSession(exchange);
      context.count(session.issuer(), "session-expired");
      return Mono.empty();
    }
    String key = hash(session.refreshToken());
    return inFlight
        .computeIfAbsent(
            key, k -> refreshed(session, issuer).doFinally(signal -> inFlight.remove(k)).cache())
        .map(
            renewed -> {
              Duration remaining = Duration.between(context.clock().instant(), renewed.expiresAt());
              context.cookies().writeSession(exchange, context.codec().seal(renewed), remaining);
              context.count(session.issuer(), "refreshed");
              return new LoginSession(renewed.principal(), renewed.accessToken());
            })
        .onErrorResume(
            error -> {
              log.info(
                  "Refreshing the login session of issuer '{}' failed: {}",
                  session.issuer(),
                  error.getMessage());
              context.cookies().clearSession(exchange);
              context.count(session.issuer(), "refresh-failed");
              return Mono.empty();
            });
  }

  private Mono<BrowserSession> refreshed(BrowserSession session, Issuer issuer) {
    String name = session.issuer();
    return context
        .registry()
        .providerMetadata(name)
        .flatMap(
            metadata ->
                metadata.tokenEndpoint() == null
                    ? Mono.error(new IllegalStateException("no token endpoint"))
                    : context
                        .endpoints()
                        .get(name)
                        .refresh(metadata.tokenEndpoint(), session.refreshToken()))
        .flatMap(
            tokens -> {
              Instant now = context.clock().instant();
              Instant accessExpiry =
                  tokens.expiresIn() == null ? null : now.plus(tokens.expiresIn());
              BrowserSession renewed =
                  session.withTokens(
                      tokens.accessToken(), accessExpiry, tokens.refreshToken(), tokens.idToken());
              if (tokens.idToken() == null) {
                return Mono.just(renewed);
              }
              // OIDC Core §12.2: a refreshed ID token must be valid and about the same user.
              return context
                  .registry()
                  .verifyIdToken(name, tokens.idToken(), issuer.login().clientId(), null)
                  .filter(principal -> sameSubject(principal, session))
                  .switchIfEmpty(
                      Mono.error(() -> new IllegalStateException("refreshed ID token rejected")))
                  .thenReturn(renewed);
            });
  }

  private static boolean sameSubject(Principal refreshed, BrowserSession session) {
    return refreshed.subject() != null && refreshed.subject().equals(session.principal().subject());
  }

  private static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
