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
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.portico.auth.AuthResult;
import dev.portico.auth.token.IssuerRegistry;
import dev.portico.config.model.AuthSettings;
import dev.portico.config.model.ByteSize;
import dev.portico.config.model.ClaimMapping;
import dev.portico.config.model.Issuer;
import dev.portico.config.model.JwksSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;

/**
 * Bearer-token verification through {@link IssuerRegistry#authenticateBearer}, for a realistic
 * RS256 access token (2048-bit key; Keycloak-like claims by default, see {@link #claims}).
 *
 * <ul>
 *   <li>{@code cacheHit}: the verified-token cache answers. Target: at least 2 million ops/s on one
 *       core.
 *   <li>{@code cacheMiss}: a registry with {@code token-cache-size: 0}, so every call parses,
 *       selects the key, checks the RS256 signature and the claims, and builds the principal.
 *   <li>{@code bareJcaVerify}: only {@code Signature.getInstance/initVerify/update/verify} over
 *       bytes prepared in setup: the floor the miss path is compared with. Target: {@code
 *       cacheMiss} within 1.3x of it.
 * </ul>
 *
 * <p>The registry answers synchronously when no I/O is needed (keys are fetched once from a local
 * JDK HTTP server in setup): {@link #result} takes the value out of the returned {@code Mono.just}
 * the way Reactor operators do ({@code Callable} fusion), without {@code block()}. Setup checks
 * both registries really authenticate the token, so a broken path cannot look fast.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class TokenVerificationBenchmark {

  private static final List<String> ACCEPTED = List.of("corp");

  /**
   * The token's claims: {@code keycloak} (about 900 characters: the usual Keycloak access-token
   * claims) or {@code minimal} (about 600: iss, sub, aud, iat, exp, jti). The hit path's cost grows
   * with the token's length (it is hashed in full), the miss path's hardly.
   */
  @Param({"keycloak"})
  String claims;

  private HttpServer idp;
  private IssuerRegistry cached;
  private IssuerRegistry uncached;
  private String token;
  private RSAPublicKey publicKey;
  private byte[] signingInput;
  private byte[] signature;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("bench-1").keyUse(KeyUse.SIGNATURE).generate();
    idp = serveJwks(new JWKSet(key.toPublicJWK()).toString());
    String issuerId = "http://127.0.0.1:" + idp.getAddress().getPort() + "/realms/corp";
    Issuer issuer = issuer(issuerId, URI.create(issuerId + "/jwks"));
    cached = registry(issuer, 100_000);
    uncached = registry(issuer, 0);
    awaitKeys(cached);
    awaitKeys(uncached);
    token = token(key, issuerId, claims.equals("keycloak"));
    String[] parts = token.split("\\.");
    signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    signature = Base64.getUrlDecoder().decode(parts[2]);
    publicKey = key.toRSAPublicKey();
    check(cacheHit() instanceof AuthResult.Authenticated, "cache hit did not authenticate");
    check(cacheMiss() instanceof AuthResult.Authenticated, "cache miss did not authenticate");
    check(bareJcaVerify(), "bare signature check failed");
    System.out.println("# token of " + token.length() + " characters");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cached.close();
    uncached.close();
    idp.stop(0);
  }

  @Benchmark
  public AuthResult cacheHit() {
    return result(cached.authenticateBearer(token, ACCEPTED));
  }

  @Benchmark
  public AuthResult cacheMiss() {
    return result(uncached.authenticateBearer(token, ACCEPTED));
  }

  @Benchmark
  public boolean bareJcaVerify() throws GeneralSecurityException {
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(publicKey);
    rsa.update(signingInput);
    return rsa.verify(signature);
  }

  /** The value of a Mono that needed no I/O, as Reactor's operators take it (scalar fusion). */
  @SuppressWarnings("unchecked")
  static AuthResult result(Mono<AuthResult> mono) {
    if (mono instanceof Callable<?> scalar) {
      try {
        return ((Callable<AuthResult>) scalar).call();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("expected an answer without I/O, got " + mono);
  }

  private static Issuer issuer(String issuerId, URI jwksUri) {
    return new Issuer(
        URI.create(issuerId),
        jwksUri,
        List.of("orders-api"),
        List.of(),
        null,
        Duration.ofSeconds(30),
        List.of(),
        null,
        new ClaimMapping("sub", "realm_access.roles", "scope"),
        new JwksSettings(
            Duration.ofHours(1),
            Duration.ofSeconds(30),
            Duration.ofHours(24),
            Duration.ofSeconds(3)),
        null,
        null);
  }

  private static IssuerRegistry registry(Issuer issuer, int cacheSize) {
    AuthSettings settings =
        new AuthSettings(List.of(), "portico", ByteSize.ofBytes(8192), cacheSize, null);
    return IssuerRegistry.create(
        Map.of("corp", issuer), settings, Clock.systemUTC(), new SimpleMeterRegistry());
  }

  private static void awaitKeys(IssuerRegistry registry) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (registry.status("corp").lastKeyFetch() == null) {
      check(
          System.nanoTime() < deadline,
          "keys were not fetched: " + registry.status("corp").lastError());
      Thread.sleep(10);
    }
  }

  /** An access token valid for an hour, with Keycloak's usual claims or only the essential ones. */
  private static String token(RSAKey key, String issuerId, boolean keycloak) throws JOSEException {
    Instant now = Instant.now();
    JWTClaimsSet.Builder essential =
        new JWTClaimsSet.Builder()
            .issuer(issuerId)
            .subject("f2b4c9a0-3c1e-4d2b-9a57-6e0f1d2c3b4a")
            .audience("orders-api")
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
            .jwtID("6b8d2f0e-41a7-4c3b-8e9d-2a5f7c1b0e3d");
    JWTClaimsSet claims =
        !keycloak
            ? essential.build()
            : essential
                .claim("azp", "orders-web")
                .claim("scope", "openid profile email orders:read orders:write")
                .claim(
                    "realm_access",
                    Map.of("roles", List.of("orders-reader", "orders-writer", "offline_access")))
                .claim("preferred_username", "alice")
                .claim("email", "alice@example.com")
                .build();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .keyID(key.getKeyID())
            .type(JOSEObjectType.JWT)
            .build();
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static HttpServer serveJwks(String jwks) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/realms/corp/jwks",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server;
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }
}
