package dev.portico.gateway.demo;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portico.gateway.internal.JsonStrings;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A toy identity provider for the demo only: OIDC discovery, a JWKS with one RSA key generated at
 * start-up, and a {@code /token} endpoint that signs an access token for whatever subject and roles
 * the query asks for. Never part of a real deployment: it authenticates nobody.
 */
public final class DemoIssuer {

  /** Where config/demo.yaml expects the demo issuer. */
  public static final int DEFAULT_PORT = 9100;

  private final String issuer;
  private final RSAKey key;

  private DemoIssuer(String issuer, RSAKey key) {
    this.issuer = issuer;
    this.key = key;
  }

  /** Starts the demo issuer on {@code 127.0.0.1:port}; it runs until the JVM exits. */
  public static DisposableServer start(int port) {
    try {
      RSAKey key =
          new RSAKeyGenerator(2048)
              .keyID("demo-" + UUID.randomUUID().toString().substring(0, 8))
              .generate();
      DemoIssuer demo = new DemoIssuer("http://127.0.0.1:" + port, key);
      return HttpServer.create().host("127.0.0.1").port(port).handle(demo::answer).bindNow();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate the demo signing key", e);
    }
  }

  private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    return switch (uri.path()) {
      case "/.well-known/openid-configuration" -> json(response, discovery());
      case "/jwks.json" -> json(response, new JWKSet(key.toPublicJWK()).toString());
      case "/token" -> json(response, token(uri.parameters()));
      default -> response.status(404).send();
    };
  }

  private String discovery() {
    StringBuilder out = new StringBuilder("{\"issuer\":");
    JsonStrings.quote(issuer, out).append(",\"jwks_uri\":");
    JsonStrings.quote(issuer + "/jwks.json", out).append(",\"token_endpoint\":");
    return JsonStrings.quote(issuer + "/token", out).append('}').toString();
  }

  /** {@code /token?sub=alice&roles=a,b&scope=x+y&ttl=1h}: a signed RS256 access token. */
  private String token(Map<String, List<String>> query) {
    String subject = first(query, "sub", "alice");
    List<String> roles = List.of(first(query, "roles", "orders-reader").split(","));
    Duration ttl = dev.portico.config.model.Durations.parse(first(query, "ttl", "1h"));
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(subject)
            .audience("portico-demo")
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .claim("roles", roles)
            .claim("scope", first(query, "scope", "orders.read"))
            .build();
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(key.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      jwt.sign(new RSASSASigner(key));
      StringBuilder out = new StringBuilder("{\"access_token\":");
      JsonStrings.quote(jwt.serialize(), out).append(",\"token_type\":\"Bearer\",\"expires_in\":");
      return out.append(ttl.toSeconds()).append('}').toString();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a demo token", e);
    }
  }

  private static String first(Map<String, List<String>> query, String name, String fallback) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() || values.get(0).isBlank() ? fallback : values.get(0);
  }

  private static Mono<Void> json(HttpServerResponse response, String body) {
    return response
        .header("Content-Type", "application/json")
        .header("Cache-Control", "no-store")
        .sendString(Mono.just(body), StandardCharsets.UTF_8)
        .then();
  }
}
