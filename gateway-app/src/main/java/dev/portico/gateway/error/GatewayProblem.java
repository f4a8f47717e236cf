package dev.portico.gateway.error;

import org.springframework.http.HttpStatus;

/**
 * A failure Portico answers itself, as an RFC 9457 problem. The {@code type} slug and {@code title}
 * are stable and documented; the detail is safe to show to clients (no internals).
 */
public class GatewayProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ProblemType type;

  public GatewayProblem(ProblemType type, String detail) {
    super(detail, null, false, false);
    this.type = type;
  }

  public GatewayProblem(ProblemType type, String detail, Throwable cause) {
    super(detail, cause, false, false);
    this.type = type;
  }

  public ProblemType type() {
    return type;
  }

  public HttpStatus status() {
    return type.status();
  }
}
