package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * A token issuer served by WireMock on a loopback port, as a test fixture: an OIDC discovery
 * document at {@code <issuer>/.well-known/openid-configuration}, a JWKS with one RSA key (kid
 * {@code k1}) at {@code <issuer>/certs}, and RS256 tokens signed with that key (or any other).
 */
final class StubIssuer implements AutoCloseable {

  private final WireMockServer server;
  private final RSAKey key;
  private final String issuer;

  private StubIssuer(WireMockServer server, RSAKey key, String issuer) {
    this.server = server;
    this.key = key;
    this.issuer = issuer;
  }

  /** Starts an issuer at {@code http://127.0.0.1:<port><path>}, e.g. path {@code /realms/test}. */
  static StubIssuer start(String path) throws JOSEException {
    WireMockServer server = Upstreams.wiremock();
    RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
    String issuer = "http://127.0.0.1:" + server.port() + path;
    server.stubFor(
        get(urlEqualTo(path + "/.well-known/openid-configuration"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/certs\"}")));
    server.stubFor(
        get(urlEqualTo(path + "/certs"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(new JWKSet(key.toPublicJWK()).toString())));
    return new StubIssuer(server, key, issuer);
  }

  String issuer() {
    return issuer;
  }

  RSAKey key() {
    return key;
  }

  /**
   * Claims with this issuer, {@code subject}, {@code audience}, {@code iat} now and {@code exp}.
   */
  JWTClaimsSet.Builder claims(String subject, String audience, Duration lifetime) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(subject)
        .audience(audience)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(lifetime)));
  }

  /** {@code claims} as an RS256 token signed by {@code signer}, with its kid in the header. */
  static String sign(JWTClaimsSet claims, RSAKey signer) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(signer));
    return jwt.serialize();
  }

  @Override
  public void close() {
    server.stop();
  }
}
