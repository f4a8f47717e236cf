package dev.portico.auth.token.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import dev.portico.auth.Rejection;
import java.util.Set;

/**
 * One issuer's JWT verification, built once per issuer configuration: a nimbus {@link
 * DefaultJWTProcessor} whose key selector hands out only the keys Portico chose from its own cache
 * (never {@code jku}, {@code x5u}, {@code jwk} or {@code x5c} from the token), with Portico's
 * verifier factory, {@code typ} check and claims checks.
 *
 * <p>{@link #precheck} refuses, before any key is looked up, algorithms the issuer does not allow
 * ({@code none} can not even be parsed as a JWS) and any {@code crit} header: Portico understands
 * no JOSE extension, and RFC 7515 §4.1.11 says unknown critical ones must be refused. Immutable;
 * thread-safe.
 */
final class JwtChecks {

  private final Set<JWSAlgorithm> algorithms;
  private final DefaultJWTProcessor<KeyContext> processor;

  JwtChecks(
      Set<JWSAlgorithm> algorithms,
      JOSEObjectTypeVerifier<KeyContext> typeCheck,
      JWTClaimsSetVerifier<KeyContext> claimsCheck) {
    this.algorithms = Set.copyOf(algorithms);
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector((header, context) -> context.keys());
    processor.setJWSVerifierFactory(new KeyVerifiers());
    processor.setJWSTypeVerifier(typeCheck);
    processor.setJWTClaimsSetVerifier(claimsCheck);
  }

  /** Why the header alone disqualifies the token, or null. */
  CheckFailure precheck(JWSHeader header) {
    if (!algorithms.contains(header.getAlgorithm())) {
      return CheckFailure.invalid("token signature algorithm is not accepted");
    }
    if (header.getCriticalParams() != null) {
      return CheckFailure.invalid("token has critical header parameters Portico does not support");
    }
    return null;
  }

  /**
   * Checks signature (with the context's keys), {@code typ} and claims.
   *
   * @return the verified claims
   * @throws CheckFailure naming, safely for the client, why the token was refused
   */
  JWTClaimsSet verify(SignedJWT jwt, KeyContext context) throws CheckFailure {
    try {
      return processor.process(jwt, context);
    } catch (CheckFailure failure) {
      throw failure;
    } catch (BadJOSEException | JOSEException | RuntimeException e) {
      // nimbus' messages may quote header values; the client gets a fixed description.
      throw new CheckFailure(Rejection.INVALID_TOKEN, "token signature is invalid");
    }
  }
}
