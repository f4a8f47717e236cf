package dev.portico.auth.token.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a fetched JWKS into the {@link VerificationKey}s Portico will use. Keys are skipped (not an
 * error) when they are not for signatures ({@code use} other than {@code sig}, {@code key_ops}
 * without {@code verify}, an encryption {@code alg}), are symmetric ({@code oct}: shared secrets
 * never come from a URL), are RSA keys shorter than 2048 bits, or are on curves Portico does not
 * verify (secp256k1, X25519). Ed25519 and Ed448 keys are converted to JDK keys, which the JDK
 * verifies natively (no Tink needed).
 */
final class JwkKeys {

  static final int MIN_RSA_BITS = 2048;

  /** DER prefixes of the X.509 SubjectPublicKeyInfo of Ed25519 and Ed448 keys (RFC 8410). */
  private static final Map<Curve, byte[]> EDDSA_SPKI_PREFIX =
      Map.of(
          Curve.Ed25519, HexFormat.of().parseHex("302a300506032b6570032100"),
          Curve.Ed448, HexFormat.of().parseHex("3043300506032b6571033a00"));

  private JwkKeys() {}

  /**
   * The usable keys of a JWKS document.
   *
   * @throws ParseException when the document is not a JWKS
   */
  static List<VerificationKey> parse(Map<String, Object> document) throws ParseException {
    List<VerificationKey> keys = new ArrayList<>();
    for (JWK jwk : JWKSet.parse(document).getKeys()) {
      VerificationKey key = convert(jwk);
      if (key != null) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** The key, or null when it is not usable for verifying signatures. */
  static VerificationKey convert(JWK jwk) {
    if (!forSignatures(jwk)) {
      return null;
    }
    JWSAlgorithm alg = null;
    if (jwk.getAlgorithm() != null) {
      alg = JWSAlgorithm.parse(jwk.getAlgorithm().getName());
      if (!JWSAlgorithm.Family.SIGNATURE.contains(alg)) {
        return null;
      }
    }
    try {
      Key key = publicKey(jwk);
      if (key == null) {
        return null;
      }
      String identity =
          (jwk.getKeyID() == null ? "" : jwk.getKeyID()) + "#" + jwk.computeThumbprint();
      return new VerificationKey(jwk.getKeyID(), identity, alg, key);
    } catch (JOSEException | GeneralSecurityException e) {
      return null;
    }
  }

  private static boolean forSignatures(JWK jwk) {
    if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
      return false;
    }
    Set<KeyOperation> ops = jwk.getKeyOperations();
    return ops == null || ops.contains(KeyOperation.VERIFY);
  }

  private static Key publicKey(JWK jwk) throws JOSEException, GeneralSecurityException {
    if (jwk instanceof RSAKey rsa) {
      return rsa.size() >= MIN_RSA_BITS ? rsa.toRSAPublicKey() : null;
    }
    if (jwk instanceof ECKey ec) {
      Curve curve = ec.getCurve();
      boolean supported =
          Curve.P_256.equals(curve) || Curve.P_384.equals(curve) || Curve.P_521.equals(curve);
      return supported ? ec.toECPublicKey() : null;
    }
    if (jwk instanceof OctetKeyPair okp && EDDSA_SPKI_PREFIX.containsKey(okp.getCurve())) {
      return edDsaPublicKey(okp.getCurve(), okp.getDecodedX());
    }
    return null;
  }

  static PublicKey edDsaPublicKey(Curve curve, byte[] x) throws GeneralSecurityException {
    byte[] prefix = EDDSA_SPKI_PREFIX.get(curve);
    byte[] der = new byte[prefix.length + x.length];
    System.arraycopy(prefix, 0, der, 0, prefix.length);
    System.arraycopy(x, 0, der, prefix.length, x.length);
    return KeyFactory.getInstance(curve.getName()).generatePublic(new X509EncodedKeySpec(der));
  }
}
