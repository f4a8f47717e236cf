package dev.portico.auth.login;

import dev.portico.auth.CredentialKind;
import dev.portico.auth.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A browser login session: who logged in and the tokens Portico holds on their behalf. It lives
 * only in a sealed cookie (see {@link SessionCodec}), so every gateway replica can serve it.
 * Immutable.
 *
 * @param issuer the configured issuer name the user logged in with
 * @param principal who logged in (from the verified ID token); normalised to kind {@code SESSION},
 *     issuer {@code issuer} and {@code expiresAt} the session's end
 * @param accessToken the access token relayed to upstreams as {@code Authorization: Bearer}
 * @param accessTokenExpiresAt when the access token expires (from {@code expires_in}); null when
 *     the provider did not say, and then the token is used until the session ends
 * @param refreshToken the refresh token, or null when the provider issued none
 * @param idToken the ID token, kept for {@code id_token_hint} at logout; may be null
 * @param expiresAt when the session ends, whatever the tokens' lifetimes (login time plus the
 *     configured max-age)
 */
public record BrowserSession(
    String issuer,
    Principal principal,
    String accessToken,
    Instant accessTokenExpiresAt,
    String refreshToken,
    String idToken,
    Instant expiresAt) {

  public BrowserSession {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (principal.kind() != CredentialKind.SESSION
        || !issuer.equals(principal.issuer())
        || !expiresAt.equals(principal.expiresAt())) {
      principal =
          new Principal(
              principal.subject(),
              issuer,
              principal.roles(),
              principal.scopes(),
              null,
              principal.claims(),
              expiresAt,
              CredentialKind.SESSION);
    }
  }

  /**
   * Whether the access token must be refreshed before use: it expires within {@code leeway} of
   * {@code now}. False when its lifetime is unknown.
   */
  public boolean accessTokenExpired(Instant now, Duration leeway) {
    return accessTokenExpiresAt != null && !now.plus(leeway).isBefore(accessTokenExpiresAt);
  }

  /**
   * This session with tokens from a refresh. A null {@code refreshToken} or {@code idToken} keeps
   * the current one (providers that do not rotate refresh tokens leave it out of the response).
   */
  public BrowserSession withTokens(
      String accessToken, Instant accessTokenExpiresAt, String refreshToken, String idToken) {
    return new BrowserSession(
        issuer,
        principal,
        accessToken,
        accessTokenExpiresAt,
        refreshToken != null ? refreshToken : this.refreshToken,
        idToken != null ? idToken : this.idToken,
        expiresAt);
  }

  @Override
  public String toString() {
    // Never print tokens (logs, assertion messages).
    return "BrowserSession[issuer="
        + issuer
        + ", subject="
        + principal.subject()
        + ", accessTokenExpiresAt="
        + accessTokenExpiresAt
        + ", refreshToken="
        + (refreshToken != null ? "present" : "absent")
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
