package dev.portico.auth.token.internal;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.portico.auth.Rejection;
import java.util.Date;

/**
 * The time claims every token must pass: {@code exp} present and not passed, {@code nbf} (when
 * present) reached, {@code iat} (when present, or when required) not in the future; each with the
 * issuer's clock skew.
 */
final class TimeChecks {

  private TimeChecks() {}

  static void check(JWTClaimsSet claims, long nowMillis, long skewMillis, boolean iatRequired)
      throws CheckFailure {
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw CheckFailure.invalid("token has no expiry (exp)");
    }
    if (nowMillis - skewMillis >= exp.getTime()) {
      throw new CheckFailure(Rejection.EXPIRED_TOKEN, "token has expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nowMillis + skewMillis < nbf.getTime()) {
      throw new CheckFailure(Rejection.EXPIRED_TOKEN, "token is not valid yet (nbf)");
    }
    Date iat = claims.getIssueTime();
    if (iat == null && iatRequired) {
      throw CheckFailure.invalid("token has no issue time (iat)");
    }
    if (iat != null && nowMillis + skewMillis < iat.getTime()) {
      throw CheckFailure.invalid("token is issued in the future (iat)");
    }
  }
}
