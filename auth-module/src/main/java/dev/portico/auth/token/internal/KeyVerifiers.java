package dev.portico.auth.token.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * Makes the nimbus verifier for a key Portico selected, refusing any key that does not belong to
 * the token's algorithm family (so an RSA public key can never be used as an HMAC secret). None of
 * the verifiers accepts a {@code crit} header parameter. Stateless; thread-safe.
 */
final class KeyVerifiers implements JWSVerifierFactory {

  private static final Set<JWSAlgorithm> SUPPORTED = supported();

  private final JCAContext jca = new JCAContext();

  @Override
  public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
    JWSAlgorithm alg = header.getAlgorithm();
    if (JWSAlgorithm.Family.HMAC_SHA.contains(alg) && key instanceof SecretKey secret) {
      return new MACVerifier(secret);
    }
    if (JWSAlgorithm.Family.RSA.contains(alg) && key instanceof RSAPublicKey rsa) {
      return new RSASSAVerifier(rsa);
    }
    if (JWSAlgorithm.Family.EC.contains(alg) && key instanceof ECPublicKey ec) {
      return new ECDSAVerifier(ec);
    }
    if (JWSAlgorithm.EdDSA.equals(alg) && key instanceof EdECPublicKey ed) {
      return new EdDsaVerifier(ed);
    }
    throw new JOSEException("the selected key does not fit the token's algorithm");
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    return SUPPORTED;
  }

  @Override
  public JCAContext getJCAContext() {
    return jca;
  }

  private static Set<JWSAlgorithm> supported() {
    Set<JWSAlgorithm> algs = new LinkedHashSet<>();
    algs.addAll(JWSAlgorithm.Family.HMAC_SHA);
    algs.addAll(JWSAlgorithm.Family.RSA);
    algs.addAll(JWSAlgorithm.Family.EC);
    algs.add(JWSAlgorithm.EdDSA);
    return Set.copyOf(algs);
  }
}
