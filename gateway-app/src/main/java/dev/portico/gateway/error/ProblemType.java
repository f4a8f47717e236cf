package dev.portico.gateway.error;

import org.springframework.http.HttpStatus;

/**
 * The kinds of problem Portico answers with, each with a stable type URI ({@code
 * https://portico.dev/problems/<slug>}), a title and a status. Documented in docs/errors.md.
 */
public enum ProblemType {
  NO_ROUTE("no-route", "No route matches the request", HttpStatus.NOT_FOUND),
  METHOD_NOT_ALLOWED(
      "method-not-allowed", "Method not allowed on this route", HttpStatus.METHOD_NOT_ALLOWED),
  BAD_REQUEST("bad-request", "Bad request", HttpStatus.BAD_REQUEST),
  INVALID_PATH("invalid-path", "Request path refused", HttpStatus.BAD_REQUEST),
  INVALID_HOST("invalid-host", "Host header missing or repeated", HttpStatus.BAD_REQUEST),
  OBSOLETE_LINE_FOLDING(
      "obsolete-line-folding", "Header line folding refused", HttpStatus.BAD_REQUEST),
  REQUEST_HEAD_TIMEOUT(
      "request-head-timeout", "Request head not received in time", HttpStatus.REQUEST_TIMEOUT),
  UNSUPPORTED_TRANSFER_CODING(
      "unsupported-transfer-coding", "Transfer coding not supported", HttpStatus.NOT_IMPLEMENTED),
  UNAUTHENTICATED("unauthenticated", "Authentication required", HttpStatus.UNAUTHORIZED),
  AUTHENTICATION_UNAVAILABLE(
      "authentication-unavailable",
      "Authentication temporarily unavailable",
      HttpStatus.SERVICE_UNAVAILABLE),
  FORBIDDEN("forbidden", "Access denied", HttpStatus.FORBIDDEN),
  CLIENT_CERTIFICATE_REQUIRED(
      "client-certificate-required", "Client certificate required", HttpStatus.UNAUTHORIZED),
  CLIENT_CERTIFICATE_NOT_ACCEPTED(
      "client-certificate-not-accepted", "Client certificate not accepted", HttpStatus.FORBIDDEN),
  RATE_LIMITED("rate-limited", "Too many requests", HttpStatus.TOO_MANY_REQUESTS),
  RATE_LIMIT_STORE_UNAVAILABLE(
      "rate-limit-store-unavailable",
      "Rate-limit store unavailable",
      HttpStatus.SERVICE_UNAVAILABLE),
  BODY_TOO_LARGE("body-too-large", "Request body too large", HttpStatus.CONTENT_TOO_LARGE),
  UPSTREAM_UNREACHABLE("upstream-unreachable", "Upstream unreachable", HttpStatus.BAD_GATEWAY),
  UPSTREAM_TLS_FAILED(
      "upstream-tls-failed", "TLS handshake with the upstream failed", HttpStatus.BAD_GATEWAY),
  UPSTREAM_IDENTITY_MISMATCH(
      "upstream-identity-mismatch", "Upstream identity not accepted", HttpStatus.BAD_GATEWAY),
  UPSTREAM_RESET("upstream-reset", "Upstream closed the connection", HttpStatus.BAD_GATEWAY),
  UPSTREAM_TIMEOUT("upstream-timeout", "Upstream timed out", HttpStatus.GATEWAY_TIMEOUT),
  NO_ENDPOINTS("no-endpoints", "Upstream has no endpoints", HttpStatus.SERVICE_UNAVAILABLE),
  UPSTREAM_BUSY(
      "upstream-busy", "Upstream connection pool exhausted", HttpStatus.SERVICE_UNAVAILABLE),
  NOT_FOUND("not-found", "Not found", HttpStatus.NOT_FOUND),
  CONFLICT("conflict", "Changed meanwhile", HttpStatus.CONFLICT),
  CSRF_REJECTED("csrf-rejected", "Cross-site request refused", HttpStatus.FORBIDDEN),
  INTERNAL("internal-error", "Internal gateway error", HttpStatus.INTERNAL_SERVER_ERROR);

  /** Prefix of every problem type URI. */
  public static final String BASE_URI = "https://portico.dev/problems/";

  private final String slug;
  private final String title;
  private final HttpStatus status;

  ProblemType(String slug, String title, HttpStatus status) {
    this.slug = slug;
    this.title = title;
    this.status = status;
  }

  public String uri() {
    return BASE_URI + slug;
  }

  public String title() {
    return title;
  }

  public HttpStatus status() {
    return status;
  }

  /** The problem type generally used for a status Portico did not classify further. */
  public static ProblemType forStatus(int status) {
    for (ProblemType type : values()) {
      if (type.status.value() == status) {
        return type;
      }
    }
    return status >= 500 ? INTERNAL : BAD_REQUEST;
  }
}
