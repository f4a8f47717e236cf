package dev.portico.auth.token;

import dev.portico.config.model.AuthSettings;
import dev.portico.config.model.ByteSize;
import dev.portico.config.model.ClaimMapping;
import dev.portico.config.model.Introspection;
import dev.portico.config.model.Issuer;
import dev.portico.config.model.JwksSettings;
import dev.portico.config.model.OidcLogin;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Builds {@link Issuer} models for tests, with the documented defaults unless set. */
final class IssuerConfig {

  private final String issuer;
  private String jwksUri;
  private List<String> audiences = List.of();
  private List<String> algorithms = List.of();
  private String sharedSecret;
  private Duration clockSkew = Duration.ofSeconds(30);
  private List<String> requiredClaims = List.of();
  private String tokenType;
  private ClaimMapping claims = new ClaimMapping("sub", "roles", "scope");
  private JwksSettings jwks =
      jwksSettings(
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          Duration.ofHours(24),
          Duration.ofSeconds(3));
  private Introspection introspection;
  private OidcLogin login;

  private IssuerConfig(String issuer) {
    this.issuer = issuer;
  }

  static IssuerConfig issuer(String issuer) {
    return new IssuerConfig(issuer);
  }

  static JwksSettings jwksSettings(
      Duration refresh, Duration cooldown, Duration maxStaleness, Duration timeout) {
    return new JwksSettings(refresh, cooldown, maxStaleness, timeout);
  }

  static AuthSettings settings(int cacheSize) {
    return new AuthSettings(
        List.of("X-Portico-*"), "portico", ByteSize.ofBytes(8 * 1024), cacheSize, null);
  }

  IssuerConfig jwksUri(String uri) {
    this.jwksUri = uri;
    return this;
  }

  IssuerConfig audiences(String... audiences) {
    this.audiences = List.of(audiences);
    return this;
  }

  IssuerConfig algorithms(String... algorithms) {
    this.algorithms = List.of(algorithms);
    return this;
  }

  IssuerConfig sharedSecret(String secret) {
    this.sharedSecret = secret;
    return this;
  }

  IssuerConfig requiredClaims(String... claims) {
    this.requiredClaims = List.of(claims);
    return this;
  }

  IssuerConfig tokenType(String type) {
    this.tokenType = type;
    return this;
  }

  IssuerConfig claims(String subject, String roles, String scopes) {
    this.claims = new ClaimMapping(subject, roles, scopes);
    return this;
  }

  IssuerConfig jwks(JwksSettings settings) {
    this.jwks = settings;
    return this;
  }

  IssuerConfig introspection(Introspection introspection) {
    this.introspection = introspection;
    return this;
  }

  IssuerConfig login(String clientId) {
    this.login = new OidcLogin(clientId, null, List.of("openid"));
    return this;
  }

  Issuer build() {
    return new Issuer(
        URI.create(issuer),
        jwksUri == null ? null : URI.create(jwksUri),
        audiences,
        algorithms,
        sharedSecret,
        clockSkew,
        requiredClaims,
        tokenType,
        claims,
        jwks,
        introspection,
        login);
  }
}
