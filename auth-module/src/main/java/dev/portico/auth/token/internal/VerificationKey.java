package dev.portico.auth.token.internal;

import com.nimbusds.jose.JWSAlgorithm;
import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * One key that may verify signatures: a public key from a JWKS, or an issuer's shared secret.
 * Immutable.
 *
 * @param kid the key id, or null
 * @param identity kid plus RFC 7638 thumbprint: names this exact key material, so cache entries
 *     signed by it can be dropped when it leaves the key set (even if a kid is reused)
 * @param algorithm the {@code alg} the key is restricted to, or null for any of its family
 * @param key the JCA key
 */
public record VerificationKey(String kid, String identity, JWSAlgorithm algorithm, Key key) {

  /** Curves by the ES algorithm that uses them (RFC 7518 §3.4). */
  private static final Map<JWSAlgorithm, Integer> EC_FIELD_BITS =
      Map.of(JWSAlgorithm.ES256, 256, JWSAlgorithm.ES384, 384, JWSAlgorithm.ES512, 521);

  /** Whether this key can check a signature made with {@code alg}. */
  public boolean fits(JWSAlgorithm alg) {
    if (algorithm != null && !algorithm.equals(alg)) {
      return false;
    }
    if (JWSAlgorithm.Family.RSA.contains(alg)) {
      return key instanceof RSAPublicKey;
    }
    if (EC_FIELD_BITS.containsKey(alg)) {
      return key instanceof ECPublicKey ec && fieldBits(ec.getParams()) == EC_FIELD_BITS.get(alg);
    }
    if (JWSAlgorithm.EdDSA.equals(alg)) {
      return key instanceof EdECPublicKey;
    }
    return JWSAlgorithm.Family.HMAC_SHA.contains(alg) && key instanceof SecretKey;
  }

  private static int fieldBits(ECParameterSpec params) {
    return params.getCurve().getField().getFieldSize();
  }
}
