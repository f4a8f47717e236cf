package dev.portico.auth.token.internal;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;

/**
 * OIDC Core §3.1.3.7 checks of an ID token, after its signature: {@code iss} exactly the issuer,
 * {@code aud} containing the client id, {@code azp} equal to the client id when present (and
 * required when there are several audiences), {@code exp} and {@code iat} required, and {@code
 * nonce} equal to the one sent with the authorization request (compared in constant time). The
 * client id and nonce come with each call in the {@link KeyContext}. Immutable; thread-safe.
 */
final class IdTokenChecks implements JWTClaimsSetVerifier<KeyContext> {

  private final String issuerId;
  private final long skewMillis;
  private final Clock clock;

  IdTokenChecks(String issuerId, long skewMillis, Clock clock) {
    this.issuerId = issuerId;
    this.skewMillis = skewMillis;
    this.clock = clock;
  }

  @Override
  public void verify(JWTClaimsSet claims, KeyContext context) throws CheckFailure {
    TimeChecks.check(claims, clock.millis(), skewMillis, true);
    if (!issuerId.equals(claims.getIssuer())) {
      throw CheckFailure.invalid("ID token issuer is not this provider");
    }
    String clientId = context.clientId();
    List<String> audience = claims.getAudience();
    if (!audience.contains(clientId)) {
      throw CheckFailure.invalid("ID token is not meant for this client (aud)");
    }
    String azp = stringClaim(claims, "azp");
    if (audience.size() > 1 && azp == null) {
      throw CheckFailure.invalid("ID token with several audiences has no authorized party (azp)");
    }
    if (azp != null && !azp.equals(clientId)) {
      throw CheckFailure.invalid("ID token was issued to another client (azp)");
    }
    if (context.nonce() != null) {
      String nonce = stringClaim(claims, "nonce");
      if (nonce == null || !constantTimeEquals(nonce, context.nonce())) {
        throw CheckFailure.invalid("ID token nonce does not match the login request");
      }
    }
  }

  private static String stringClaim(JWTClaimsSet claims, String name) throws CheckFailure {
    try {
      return claims.getStringClaim(name);
    } catch (ParseException e) {
      throw CheckFailure.invalid("ID token claim '" + name + "' is not a string");
    }
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
