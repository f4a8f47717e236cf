package dev.portico.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A throw-away token issuer for the load benchmark ({@code benchmarks/bench/run.sh}): generates an
 * RSA-2048 key and writes, into a directory, what a static web server needs to play the issuer's
 * part plus one long-lived access token:
 *
 * <ul>
 *   <li>{@code jwks.json}: the public key as a JWK set (with {@code kid}, {@code use: sig}, {@code
 *       alg: RS256});
 *   <li>{@code openid-configuration.json}: an OIDC discovery document naming the issuer and {@code
 *       <issuer>/jwks.json}, to be served at {@code <issuer>/.well-known/openid-configuration};
 *   <li>{@code token.txt}: an RS256 access token (no newline) with {@code iss} = the issuer, {@code
 *       aud} = {@value #AUDIENCE}, {@code sub}, {@code roles}, {@code scope}, {@code iat}, {@code
 *       exp} (24 hours by default) and {@code jti};
 *   <li>{@code token-wrong-key.txt}: the same claims and {@code kid}, signed by another key, and
 *       {@code token-wrong-audience.txt}: correctly signed for another audience. The benchmark
 *       checks that a gateway refuses both (and no token at all) before it measures it, so a
 *       gateway that does not really verify tokens cannot report inflated figures.
 * </ul>
 *
 * <p>The private key is never written. Run it from the JMH jar, bypassing its manifest main class:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.portico.bench.BenchTokens DIR ISSUER_URL [VALIDITY]
 * </pre>
 *
 * <p>VALIDITY is an ISO-8601 duration ({@code PT24H}, the default). For benchmarks only: anyone who
 * can read the directory holds a valid token.
 */
public final class BenchTokens {

  /** The audience both gateways in the benchmark require. */
  static final String AUDIENCE = "bench-api";

  private BenchTokens() {}

  public static void main(String[] args) throws IOException, JOSEException {
    if (args.length < 2 || args.length > 3) {
      System.err.println(
          "usage: java -cp benchmarks.jar dev.portico.bench.BenchTokens DIR ISSUER_URL [VALIDITY]");
      System.err.println(
          "  writes DIR/jwks.json, DIR/openid-configuration.json, DIR/token.txt,"
              + " DIR/token-wrong-key.txt, DIR/token-wrong-audience.txt");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    String issuer = args[1];
    Duration validity = args.length == 3 ? Duration.parse(args[2]) : Duration.ofHours(24);
    if (issuer.endsWith("/")) {
      throw new IllegalArgumentException("the issuer URL must not end with '/': " + issuer);
    }

    RSAKey key = rsaKey("bench-" + UUID.randomUUID().toString().substring(0, 8));
    Instant now = Instant.now();
    JWTClaimsSet claims = claims(issuer, AUDIENCE, now, validity);
    String token = sign(claims, key);
    // Same claims and kid, signed by another key: a gateway that checks signatures refuses it.
    String wrongKey = sign(claims, rsaKey(key.getKeyID()));
    // Correctly signed, for another audience: a gateway that checks `aud` refuses it.
    String wrongAudience = sign(claims(issuer, "some-other-api", now, validity), key);

    String discovery =
        JSONObjectUtils.toJSONString(
            Map.<String, Object>of(
                "issuer", issuer,
                "jwks_uri", issuer + "/jwks.json",
                "id_token_signing_alg_values_supported", List.of("RS256"),
                "subject_types_supported", List.of("public"),
                "response_types_supported", List.of("code")));

    Files.createDirectories(dir);
    write(dir.resolve("jwks.json"), new JWKSet(key.toPublicJWK()).toString());
    write(dir.resolve("openid-configuration.json"), discovery);
    write(dir.resolve("token.txt"), token);
    write(dir.resolve("token-wrong-key.txt"), wrongKey);
    write(dir.resolve("token-wrong-audience.txt"), wrongAudience);
    System.out.println(
        "wrote jwks.json (kid "
            + key.getKeyID()
            + "), openid-configuration.json, token.txt (exp "
            + claims.getExpirationTime().toInstant()
            + "), token-wrong-key.txt and token-wrong-audience.txt to "
            + dir.toAbsolutePath());
  }

  private static RSAKey rsaKey(String keyId) throws JOSEException {
    return new RSAKeyGenerator(2048)
        .keyID(keyId)
        .keyUse(KeyUse.SIGNATURE)
        .algorithm(JWSAlgorithm.RS256)
        .generate();
  }

  private static JWTClaimsSet claims(
      String issuer, String audience, Instant now, Duration validity) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(audience)
        .subject("bench-user")
        .claim("roles", List.of("bench-reader", "bench-writer"))
        .claim("scope", "bench.read bench.write")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(validity)))
        .jwtID(UUID.randomUUID().toString())
        .build();
  }

  private static String sign(JWTClaimsSet claims, RSAKey key) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static void write(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
