package dev.portico.auth.token.internal;

import com.nimbusds.jose.JWSAlgorithm;
import dev.portico.config.model.ClientAuthMethod;
import dev.portico.config.model.Introspection;
import dev.portico.config.model.Issuer;
import dev.portico.config.model.JwksSettings;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An issuer's configuration with every default filled in (the YAML binder applies the documented
 * defaults; models built in code may leave them null) and algorithms parsed. Immutable.
 *
 * <p>The discovery document is fetched (with the keys, on every refresh) when the keys are found
 * through it (no {@code jwks-uri}), for browser login, and for introspection without an explicit
 * endpoint. An issuer with a shared secret fetches nothing.
 */
record IssuerSettings(
    String name,
    Issuer config,
    String issuerId,
    URI jwksUri,
    boolean needsDiscovery,
    Set<JWSAlgorithm> algorithms,
    Duration clockSkew,
    Duration refreshInterval,
    Duration refetchCooldown,
    Duration maxStaleness,
    Duration fetchTimeout) {

  static final List<JWSAlgorithm> ASYMMETRIC =
      List.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512,
          JWSAlgorithm.EdDSA);
  static final List<JWSAlgorithm> HMAC =
      List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);

  /**
   * @throws IllegalArgumentException for settings the configuration validator refuses (an algorithm
   *     outside the supported ones, HMAC without a secret or the other way round)
   */
  static IssuerSettings resolve(String name, Issuer issuer) {
    JwksSettings jwks =
        issuer.jwks() == null ? new JwksSettings(null, null, null, null) : issuer.jwks();
    boolean secret = issuer.sharedSecret() != null;
    Introspection introspection = issuer.introspection();
    boolean discovery =
        !secret
            && (issuer.jwksUri() == null
                || issuer.login() != null
                || (introspection != null && introspection.endpoint() == null));
    return new IssuerSettings(
        name,
        issuer,
        issuer.issuer().toString(),
        issuer.jwksUri(),
        discovery,
        algorithms(name, issuer.algorithms(), secret),
        or(issuer.clockSkew(), Duration.ofSeconds(30)),
        or(jwks.refreshInterval(), Duration.ofMinutes(5)),
        or(jwks.refetchCooldown(), Duration.ofSeconds(30)),
        or(jwks.maxStaleness(), Duration.ofHours(24)),
        or(jwks.fetchTimeout(), Duration.ofSeconds(3)));
  }

  boolean usesSharedSecret() {
    return config.sharedSecret() != null;
  }

  ClientAuthMethod clientAuth() {
    return or(config.introspection().clientAuth(), ClientAuthMethod.CLIENT_SECRET_BASIC);
  }

  Duration introspectionCacheTtl() {
    return or(config.introspection().cacheTtl(), Duration.ofMinutes(5));
  }

  Duration introspectionNegativeTtl() {
    return or(config.introspection().negativeCacheTtl(), Duration.ofSeconds(10));
  }

  Duration introspectionTimeout() {
    return or(config.introspection().timeout(), Duration.ofSeconds(3));
  }

  private static Set<JWSAlgorithm> algorithms(String name, List<String> names, boolean secret) {
    if (names.isEmpty()) {
      return Set.copyOf(secret ? HMAC : ASYMMETRIC);
    }
    Set<JWSAlgorithm> out = new LinkedHashSet<>();
    for (String algName : names) {
      JWSAlgorithm alg = JWSAlgorithm.parse(algName);
      boolean hmac = HMAC.contains(alg);
      if (!(hmac || ASYMMETRIC.contains(alg)) || hmac != secret) {
        throw new IllegalArgumentException(
            "issuer '"
                + name
                + "': algorithm '"
                + algName
                + "' is not allowed"
                + (secret ? " with a shared secret" : " without a shared secret"));
      }
      out.add(alg);
    }
    return Set.copyOf(out);
  }

  private static <T> T or(T value, T fallback) {
    return Objects.requireNonNullElse(value, fallback);
  }
}
