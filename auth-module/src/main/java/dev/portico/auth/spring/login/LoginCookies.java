package dev.portico.auth.spring.login;

import dev.portico.auth.login.CookieChunks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The login cookies: the session ({@code NAME}, or {@code NAME.0 …} when split) and one login state
 * per login in progress ({@code NAME_LOGIN_<first 16 characters of the state>}, so two tabs logging
 * in at once do not overwrite each other). All are HttpOnly, SameSite=Lax, Path=/, and Secure when
 * the request came over https. Immutable.
 */
final class LoginCookies {

  private static final Pattern STATE = Pattern.compile("[A-Za-z0-9_-]{16,128}");
  private static final int STATE_PREFIX = 16;

  private final String sessionName;
  private final String loginStatePrefix;

  LoginCookies(String sessionName) {
    this.sessionName = sessionName;
    this.loginStatePrefix = sessionName + "_LOGIN_";
  }

  String sessionName() {
    return sessionName;
  }

  Optional<String> sessionValue(ServerHttpRequest request) {
    return CookieChunks.join(sessionName, name -> first(request, name));
  }

  /** Sets the session cookies, and clears pieces a previous, longer session left behind. */
  void writeSession(ServerWebExchange exchange, String sealed, Duration maxAge) {
    Map<String, String> pieces = CookieChunks.split(sessionName, sealed);
    boolean secure = secure(exchange.getRequest());
    pieces.forEach(
        (name, value) -> exchange.getResponse().addCookie(cookie(name, value, maxAge, secure)));
    for (String name : exchange.getRequest().getCookies().keySet()) {
      if (CookieChunks.belongsTo(sessionName, name) && !pieces.containsKey(name)) {
        exchange.getResponse().addCookie(cookie(name, "", Duration.ZERO, secure));
      }
    }
  }

  /** Clears every session cookie the request carries (at least the unsplit one). */
  void clearSession(ServerWebExchange exchange) {
    boolean secure = secure(exchange.getRequest());
    List<String> names = new ArrayList<>();
    names.add(sessionName);
    for (String name : exchange.getRequest().getCookies().keySet()) {
      if (CookieChunks.belongsTo(sessionName, name) && !name.equals(sessionName)) {
        names.add(name);
      }
    }
    names.forEach(
        name -> exchange.getResponse().addCookie(cookie(name, "", Duration.ZERO, secure)));
  }

  /** The cookie name for a login whose state is {@code state}; empty for a malformed state. */
  Optional<String> loginStateName(String state) {
    if (state == null || !STATE.matcher(state).matches()) {
      return Optional.empty();
    }
    return Optional.of(loginStatePrefix + state.substring(0, STATE_PREFIX));
  }

  void writeLoginState(ServerWebExchange exchange, String state, String sealed, Duration maxAge) {
    String name = loginStateName(state).orElseThrow();
    exchange.getResponse().addCookie(cookie(name, sealed, maxAge, secure(exchange.getRequest())));
  }

  Optional<String> loginStateValue(ServerHttpRequest request, String state) {
    return loginStateName(state).map(name -> first(request, name));
  }

  void clearLoginState(ServerWebExchange exchange, String state) {
    loginStateName(state)
        .ifPresent(
            name ->
                exchange
                    .getResponse()
                    .addCookie(cookie(name, "", Duration.ZERO, secure(exchange.getRequest()))));
  }

  /** Whether {@code name} is a session or login-state cookie. */
  boolean isLoginCookie(String name) {
    return CookieChunks.belongsTo(sessionName, name) || name.startsWith(loginStatePrefix);
  }

  /** The request without login cookies in its {@code Cookie} headers, for the upstream. */
  ServerHttpRequest withoutLoginCookies(ServerHttpRequest request) {
    List<String> values = request.getHeaders().get(HttpHeaders.COOKIE);
    if (values == null || values.stream().noneMatch(v -> v.contains(sessionName))) {
      return request;
    }
    List<String> kept = new ArrayList<>();
    for (String value : values) {
      for (String pair : value.split(";")) {
        String trimmed = pair.strip();
        int eq = trimmed.indexOf('=');
        String name = eq < 0 ? trimmed : trimmed.substring(0, eq).strip();
        if (!trimmed.isEmpty() && !isLoginCookie(name)) {
          kept.add(trimmed);
        }
      }
    }
    return request
        .mutate()
        .headers(
            headers -> {
              headers.remove(HttpHeaders.COOKIE);
              if (!kept.isEmpty()) {
                headers.set(HttpHeaders.COOKIE, String.join("; ", kept));
              }
            })
        .build();
  }

  static boolean secure(ServerHttpRequest request) {
    return "https".equalsIgnoreCase(request.getURI().getScheme());
  }

  private static String first(ServerHttpRequest request, String name) {
    HttpCookie cookie = request.getCookies().getFirst(name);
    return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
  }

  private static ResponseCookie cookie(String name, String value, Duration maxAge, boolean secure) {
    return ResponseCookie.from(name, value)
        .httpOnly(true)
        .secure(secure)
        .sameSite("Lax")
        .path("/")
        .maxAge(maxAge)
        .build();
  }
}
