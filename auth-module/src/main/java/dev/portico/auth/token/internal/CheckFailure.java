package dev.portico.auth.token.internal;

import com.nimbusds.jwt.proc.BadJWTException;
import dev.portico.auth.Rejection;

/**
 * A token failed one of Portico's own checks. Unlike nimbus' messages, {@link #getMessage()} is
 * written for the client (RFC 6750 {@code error_description}): it names the check, never a value
 * from the token or a key.
 */
final class CheckFailure extends BadJWTException {

  private static final long serialVersionUID = 1L;

  private final Rejection reason;

  CheckFailure(Rejection reason, String description) {
    super(description);
    this.reason = reason;
  }

  static CheckFailure invalid(String description) {
    return new CheckFailure(Rejection.INVALID_TOKEN, description);
  }

  Rejection reason() {
    return reason;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    // Thrown for every refused token: the stack trace would cost more than the check.
    return this;
  }
}
