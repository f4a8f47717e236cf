package dev.portico.auth.spring;

import java.util.List;

/**
 * Authentication refused the request. The gateway answers with {@code status} (401, or 503 when the
 * identity provider could not be reached), the {@code WWW-Authenticate} challenges and a problem
 * body whose detail is {@link #getMessage()}, which is safe to show clients.
 */
public final class AuthenticationFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient List<String> challenges;

  public AuthenticationFailedException(int status, String detail, List<String> challenges) {
    super(detail, null, false, false);
    this.status = status;
    this.challenges = List.copyOf(challenges);
  }

  public int status() {
    return status;
  }

  /** Values for {@code WWW-Authenticate}, one per accepted scheme. */
  public List<String> challenges() {
    return challenges;
  }
}
