package dev.portico.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Key pairs and JWKS documents for tests. */
final class TestKeys {

  private TestKeys() {}

  static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey ec(Curve curve, String kid) {
    try {
      return new ECKeyGenerator(curve).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An Ed25519 or Ed448 key pair made by the JDK, with its public JWK. */
  record EdKey(KeyPair pair, OctetKeyPair publicJwk, String curve) {

    JWSSigner signer() {
      return new JWSSigner() {
        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
          try {
            Signature signature = Signature.getInstance(curve);
            signature.initSign(pair.getPrivate());
            signature.update(signingInput);
            return Base64URL.encode(signature.sign());
          } catch (GeneralSecurityException e) {
            throw new JOSEException(e.getMessage(), e);
          }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
          return Set.of(JWSAlgorithm.EdDSA);
        }

        @Override
        public JCAContext getJCAContext() {
          return new JCAContext();
        }
      };
    }
  }

  static EdKey ed(String curve, String kid) {
    try {
      KeyPair pair = KeyPairGenerator.getInstance(curve).generateKeyPair();
      byte[] spki = pair.getPublic().getEncoded();
      int length = curve.equals("Ed25519") ? 32 : 57;
      byte[] x = Arrays.copyOfRange(spki, spki.length - length, spki.length);
      OctetKeyPair jwk =
          new OctetKeyPair.Builder(Curve.parse(curve), Base64URL.encode(x))
              .keyID(kid)
              .keyUse(KeyUse.SIGNATURE)
              .build();
      return new EdKey(pair, jwk, curve);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JWKS document with the public halves of {@code keys}. */
  static String jwks(JWK... keys) {
    return new JWKSet(Arrays.stream(keys).map(JWK::toPublicJWK).toList()).toString();
  }

  static String jwks(List<JWK> keys) {
    return jwks(keys.toArray(JWK[]::new));
  }
}
