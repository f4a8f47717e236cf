package dev.portico.auth.token.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JwkKeysTest {

  private static RSAKey rsa(int bits, String kid) throws Exception {
    return new RSAKeyGenerator(bits, true).keyID(kid).generate();
  }

  @Test
  void signatureKeyIsConvertedWithKidAndThumbprintIdentity() throws Exception {
    RSAKey key = rsa(2048, "k1");

    VerificationKey converted = JwkKeys.convert(key.toPublicJWK());

    assertThat(converted.kid()).isEqualTo("k1");
    assertThat(converted.identity()).isEqualTo("k1#" + key.computeThumbprint());
    assertThat(converted.fits(JWSAlgorithm.RS256)).isTrue();
    assertThat(converted.fits(JWSAlgorithm.PS512)).isTrue();
    assertThat(converted.fits(JWSAlgorithm.ES256)).isFalse();
    assertThat(converted.fits(JWSAlgorithm.HS256))
        .as("a public key is never an HMAC secret")
        .isFalse();
  }

  @Test
  void encryptionKeysAreSkipped() throws Exception {
    JWK byUse =
        new RSAKey.Builder(rsa(2048, "enc").toRSAPublicKey()).keyUse(KeyUse.ENCRYPTION).build();
    JWK byOps =
        new RSAKey.Builder(rsa(2048, "ops").toRSAPublicKey())
            .keyOperations(Set.of(KeyOperation.ENCRYPT))
            .build();
    JWK byAlg =
        new RSAKey.Builder(rsa(2048, "alg").toRSAPublicKey())
            .algorithm(com.nimbusds.jose.JWEAlgorithm.RSA_OAEP_256)
            .build();

    assertThat(JwkKeys.convert(byUse)).isNull();
    assertThat(JwkKeys.convert(byOps)).isNull();
    assertThat(JwkKeys.convert(byAlg)).isNull();
  }

  @Test
  void shortRsaKeysSymmetricKeysAndOtherCurvesAreSkipped() throws Exception {
    OctetSequenceKey secret = new OctetSequenceKeyGenerator(256).keyID("oct").generate();

    assertThat(JwkKeys.convert(rsa(1024, "short").toPublicJWK())).isNull();
    assertThat(JwkKeys.convert(secret)).isNull();
    // The secp256k1 generator point, a valid public key on a curve Portico does not verify.
    JWK secp256k1 =
        JWK.parse(
            "{\"kty\":\"EC\",\"crv\":\"secp256k1\",\"kid\":\"k1\","
                + "\"x\":\""
                + hexToB64("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798")
                + "\","
                + "\"y\":\""
                + hexToB64("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8")
                + "\"}");
    assertThat(JwkKeys.convert(secp256k1)).isNull();
    JWK x25519 =
        JWK.parse(
            "{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"" + hexToB64("09".repeat(32)) + "\"}");
    assertThat(JwkKeys.convert(x25519)).isNull();
  }

  private static String hexToB64(String hex) {
    return com.nimbusds.jose.util.Base64URL.encode(java.util.HexFormat.of().parseHex(hex))
        .toString();
  }

  @Test
  void keyRestrictedToOneAlgorithmFitsOnlyThatOne() throws Exception {
    JWK key =
        new RSAKey.Builder(rsa(2048, "rs").toRSAPublicKey()).algorithm(JWSAlgorithm.RS256).build();

    VerificationKey converted = JwkKeys.convert(key);

    assertThat(converted.fits(JWSAlgorithm.RS256)).isTrue();
    assertThat(converted.fits(JWSAlgorithm.PS256)).isFalse();
  }

  @Test
  void ecKeyFitsOnlyTheAlgorithmOfItsCurve() throws Exception {
    VerificationKey p384 =
        JwkKeys.convert(new ECKeyGenerator(Curve.P_384).keyID("e").generate().toPublicJWK());

    assertThat(p384.fits(JWSAlgorithm.ES384)).isTrue();
    assertThat(p384.fits(JWSAlgorithm.ES256)).isFalse();
    assertThat(p384.fits(JWSAlgorithm.ES512)).isFalse();
  }
}
