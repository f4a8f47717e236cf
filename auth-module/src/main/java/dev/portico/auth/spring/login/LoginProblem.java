package dev.portico.auth.spring.login;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A failed login step, answered as RFC 9457 {@code application/problem+json}. The detail is written
 * for the user and never holds tokens, codes, secrets or internal class names; the instance is the
 * request path without its query (which may hold the authorization code).
 */
final class LoginProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private static final String TYPE_BASE = "https://portico.dev/problems/";

  private final HttpStatus status;
  private final String slug;
  private final String title;

  LoginProblem(HttpStatus status, String slug, String title, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  static LoginProblem invalidState(String detail) {
    return new LoginProblem(
        HttpStatus.BAD_REQUEST, "invalid-login-state", "Login could not be matched", detail);
  }

  static LoginProblem invalidResponse(String detail) {
    return new LoginProblem(
        HttpStatus.BAD_REQUEST, "invalid-login-response", "Invalid login response", detail);
  }

  static LoginProblem failed(String detail) {
    return new LoginProblem(HttpStatus.UNAUTHORIZED, "login-failed", "Login failed", detail);
  }

  static LoginProblem invalidIdToken(String detail) {
    return new LoginProblem(
        HttpStatus.UNAUTHORIZED, "invalid-id-token", "Invalid ID token", detail);
  }

  static LoginProblem providerUnavailable(String detail) {
    return new LoginProblem(
        HttpStatus.BAD_GATEWAY,
        "identity-provider-unavailable",
        "Identity provider unavailable",
        detail);
  }

  static LoginProblem methodNotAllowed(String detail) {
    return new LoginProblem(
        HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed", detail);
  }

  HttpStatus status() {
    return status;
  }

  String slug() {
    return slug;
  }

  /** Writes this problem as the response. */
  Mono<Void> write(ServerWebExchange exchange) {
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(status);
    HttpHeaders headers = response.getHeaders();
    headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    headers.setCacheControl("no-store");
    byte[] body = json(exchange.getRequest().getPath().value()).getBytes(StandardCharsets.UTF_8);
    headers.setContentLength(body.length);
    return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
  }

  String json(String instance) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", TYPE_BASE + slug);
    json.put("title", title);
    json.put("status", status.value());
    json.put("detail", getMessage());
    json.put("instance", instance);
    return JSONObjectUtils.toJSONString(json);
  }
}
