package dev.portico.auth.spring.login;

import dev.portico.auth.Principal;
import java.util.Objects;

/**
 * A valid browser login session for one request: who is logged in, and the access token to relay to
 * the upstream as {@code Authorization: Bearer}. Immutable.
 *
 * @param principal who is logged in (kind {@code SESSION}, issuer = the configured issuer name)
 * @param accessToken the current (possibly just refreshed) access token
 */
public record LoginSession(Principal principal, String accessToken) {

  public LoginSession {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(accessToken, "accessToken");
  }

  @Override
  public String toString() {
    return "LoginSession[subject=" + principal.subject() + ", issuer=" + principal.issuer() + "]";
  }
}
