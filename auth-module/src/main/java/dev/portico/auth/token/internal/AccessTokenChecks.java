package dev.portico.auth.token.internal;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The claims an access token must carry for an issuer: the time claims, {@code iss} exactly the
 * issuer identifier, {@code aud} containing one of the configured audiences (when any are), and
 * every required claim. Runs only after the signature checked out. Immutable; thread-safe.
 */
final class AccessTokenChecks implements JWTClaimsSetVerifier<KeyContext> {

  private final String issuerId;
  private final Set<String> audiences;
  private final List<String> requiredClaims;
  private final long skewMillis;
  private final Clock clock;

  AccessTokenChecks(
      String issuerId,
      Set<String> audiences,
      List<String> requiredClaims,
      long skewMillis,
      Clock clock) {
    this.issuerId = issuerId;
    this.audiences = Set.copyOf(audiences);
    this.requiredClaims = List.copyOf(requiredClaims);
    this.skewMillis = skewMillis;
    this.clock = clock;
  }

  @Override
  public void verify(JWTClaimsSet claims, KeyContext context) throws CheckFailure {
    TimeChecks.check(claims, clock.millis(), skewMillis, false);
    if (!issuerId.equals(claims.getIssuer())) {
      throw CheckFailure.invalid("token issuer is not accepted here");
    }
    if (!audiences.isEmpty() && claims.getAudience().stream().noneMatch(audiences::contains)) {
      throw CheckFailure.invalid("token audience is not accepted");
    }
    for (String claim : requiredClaims) {
      if (claims.getClaim(claim) == null) {
        throw CheckFailure.invalid("token lacks the required claim '" + claim + "'");
      }
    }
  }
}
