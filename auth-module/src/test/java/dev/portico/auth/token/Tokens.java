package dev.portico.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;

/** Builds signed tokens for tests: valid by default, then bent by each test as it needs. */
final class Tokens {

  private final JWTClaimsSet.Builder claims;
  private UnaryOperator<JWSHeader.Builder> header = UnaryOperator.identity();
  private String kid;
  private String typ;

  private Tokens(String issuer, Clock clock) {
    Instant now = clock.instant();
    this.claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject("alice")
            .audience("orders-api")
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
            .jwtID(Long.toHexString(System.nanoTime()));
  }

  /** A token from {@code issuer} for audience orders-api, subject alice, valid 5 minutes. */
  static Tokens from(String issuer, Clock clock) {
    return new Tokens(issuer, clock);
  }

  Tokens kid(String kid) {
    this.kid = kid;
    return this;
  }

  Tokens typ(String typ) {
    this.typ = typ;
    return this;
  }

  Tokens header(UnaryOperator<JWSHeader.Builder> edit) {
    UnaryOperator<JWSHeader.Builder> previous = header;
    header = b -> edit.apply(previous.apply(b));
    return this;
  }

  Tokens claim(String name, Object value) {
    claims.claim(name, value);
    return this;
  }

  Tokens expiresAt(Instant exp) {
    claims.expirationTime(exp == null ? null : Date.from(exp));
    return this;
  }

  Tokens notBefore(Instant nbf) {
    claims.notBeforeTime(Date.from(nbf));
    return this;
  }

  Tokens issuedAt(Instant iat) {
    claims.issueTime(iat == null ? null : Date.from(iat));
    return this;
  }

  Tokens audience(String... audiences) {
    claims.audience(java.util.List.of(audiences));
    return this;
  }

  String rs256(RSAKey key) {
    return sign(JWSAlgorithm.RS256, key.getKeyID(), rsaSigner(key));
  }

  String ps256(RSAKey key) {
    return sign(JWSAlgorithm.PS256, key.getKeyID(), rsaSigner(key));
  }

  String es(JWSAlgorithm alg, ECKey key) {
    try {
      return sign(alg, key.getKeyID(), new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  String hs256(byte[] secret) {
    try {
      return sign(JWSAlgorithm.HS256, null, new MACSigner(secret));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  String eddsa(TestKeys.EdKey key) {
    return sign(JWSAlgorithm.EdDSA, key.publicJwk().getKeyID(), key.signer());
  }

  /** Signs with {@code signer}; the kid set on this builder wins over {@code defaultKid}. */
  String sign(JWSAlgorithm alg, String defaultKid, JWSSigner signer) {
    JWSHeader.Builder builder = new JWSHeader.Builder(alg);
    String keyId = kid != null ? kid : defaultKid;
    if (keyId != null) {
      builder.keyID(keyId);
    }
    if (typ != null) {
      builder.type(new JOSEObjectType(typ));
    }
    SignedJWT jwt = new SignedJWT(header.apply(builder).build(), claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  static RSASSASigner rsaSigner(RSAKey key) {
    try {
      return new RSASSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Base64url of a UTF-8 string, unpadded. */
  static String b64(String text) {
    return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /**
   * A token whose header and payload are the given JSON texts verbatim (duplicate keys and all),
   * signed with RS256 by {@code key} over exactly those bytes.
   */
  static String rawSigned(String headerJson, String payloadJson, RSAKey key) {
    String signingInput = b64(headerJson) + "." + b64(payloadJson);
    try {
      Base64URL signature =
          rsaSigner(key)
              .sign(
                  new JWSHeader(JWSAlgorithm.RS256),
                  signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + signature;
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
