package dev.portico.auth.token.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.util.Set;

/**
 * Verifies {@code EdDSA} signatures (Ed25519 and Ed448) with the JDK's own implementation (Java
 * 15+). nimbus-jose-jwt's {@code Ed25519Verifier} needs Google Tink on the class path; this one
 * needs nothing and also covers Ed448. The JDK rejects non-canonical encodings and small-order
 * points as RFC 8032 requires. Stateless; thread-safe.
 */
final class EdDsaVerifier implements JWSVerifier {

  private final EdECPublicKey key;
  private final JCAContext jca = new JCAContext();

  EdDsaVerifier(EdECPublicKey key) {
    this.key = key;
  }

  @Override
  public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature)
      throws JOSEException {
    if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
      throw new JOSEException("EdDSA key used with another algorithm");
    }
    try {
      Signature verifier = Signature.getInstance(key.getParams().getName());
      verifier.initVerify(key);
      verifier.update(signingInput);
      return verifier.verify(signature.decode());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    return Set.of(JWSAlgorithm.EdDSA);
  }

  @Override
  public JCAContext getJCAContext() {
    return jca;
  }
}
