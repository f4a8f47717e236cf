package dev.portico.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Cross-site request forgery protection for changes made with the session cookie: a double-submit
 * token (a random cookie, {@code SameSite=Strict}, that the console's script copies into the {@code
 * X-CSRF-Token} header; another site can neither read the cookie nor set the header) plus, when the
 * browser sends {@code Origin}, a check that it is the console's own origin. Calls with a Bearer
 * token need neither: browsers never attach one on their own.
 */
final class Csrf {

  static final String COOKIE = "PORTICO_ADMIN_CSRF";
  static final String HEADER = "X-CSRF-Token";

  private static final SecureRandom RANDOM = new SecureRandom();

  private Csrf() {}

  /** Why the request must be refused, or empty when it passes. */
  static Optional<String> check(ServerWebExchange exchange) {
    ServerHttpRequest request = exchange.getRequest();
    String origin = request.getHeaders().getFirst(HttpHeaders.ORIGIN);
    if (origin != null && !origin.equals(ownOrigin(request))) {
      return Optional.of("The request comes from another origin.");
    }
    HttpCookie cookie = request.getCookies().getFirst(COOKIE);
    String header = request.getHeaders().getFirst(HEADER);
    if (cookie == null || header == null || cookie.getValue().isEmpty()) {
      return Optional.of("The request lacks the console's CSRF token (" + HEADER + ").");
    }
    if (!MessageDigest.isEqual(
        cookie.getValue().getBytes(StandardCharsets.US_ASCII),
        header.getBytes(StandardCharsets.US_ASCII))) {
      return Optional.of("The request's CSRF token does not match.");
    }
    return Optional.empty();
  }

  /** Sets the token cookie unless the browser already holds one. */
  static void ensureCookie(ServerWebExchange exchange) {
    if (exchange.getRequest().getCookies().getFirst(COOKIE) != null) {
      return;
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    boolean https = "https".equals(exchange.getRequest().getURI().getScheme());
    exchange
        .getResponse()
        .addCookie(
            ResponseCookie.from(
                    COOKIE, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))
                .path("/admin")
                .sameSite("Strict")
                .secure(https)
                .httpOnly(false)
                .maxAge(Duration.ofHours(12))
                .build());
  }

  private static String ownOrigin(ServerHttpRequest request) {
    var uri = request.getURI();
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
