package dev.portico.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.portico.auth.AuthResult;
import dev.portico.auth.CredentialKind;
import dev.portico.auth.Principal;
import dev.portico.auth.Rejection;
import dev.portico.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

/** Tokens that must be accepted, and what the principal then says. */
class BearerTokenTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef-shared";

  private static final RSAKey RSA = TestKeys.rsa("rsa-1");
  private static final ECKey EC256 = TestKeys.ec(Curve.P_256, "ec-256");
  private static final ECKey EC384 = TestKeys.ec(Curve.P_384, "ec-384");
  private static final ECKey EC521 = TestKeys.ec(Curve.P_521, "ec-521");
  private static final TestKeys.EdKey ED25519 = TestKeys.ed("Ed25519", "ed-25519");
  private static final TestKeys.EdKey ED448 = TestKeys.ed("Ed448", "ed-448");
  private static final RSAKey KEYCLOAK = TestKeys.rsa("kc-1");

  private static TestIdp idp;
  private static MutableClock clock;
  private static IssuerRegistry registry;

  @BeforeAll
  static void start() {
    idp = new TestIdp();
    idp.discovery("corp")
        .jwks(
            "corp",
            TestKeys.jwks(RSA, EC256, EC384, EC521, ED25519.publicJwk(), ED448.publicJwk()));
    idp.jwks("keycloak", TestKeys.jwks(KEYCLOAK));
    clock = MutableClock.startingNow();
    registry =
        IssuerRegistry.create(
            Map.of(
                "corp", IssuerConfig.issuer(idp.issuer("corp")).audiences("orders-api").build(),
                "keycloak",
                    IssuerConfig.issuer(idp.issuer("keycloak"))
                        .jwksUri(idp.jwksUri("keycloak"))
                        .claims("preferred_username", "realm_access.roles", "scope")
                        .build(),
                "shared", IssuerConfig.issuer("https://hs.example").sharedSecret(SECRET).build(),
                "strict",
                    IssuerConfig.issuer("https://strict.example")
                        .sharedSecret(SECRET)
                        .requiredClaims("tenant")
                        .build()),
            IssuerConfig.settings(1000),
            clock,
            new SimpleMeterRegistry());
    await()
        .until(
            () ->
                registry.status("corp").lastKeyFetch() != null
                    && registry.status("keycloak").lastKeyFetch() != null);
  }

  @AfterAll
  static void stop() {
    registry.close();
    idp.close();
  }

  private static AuthResult authenticate(String token, String... issuers) {
    return registry.authenticateBearer(token, List.of(issuers)).block(Duration.ofSeconds(10));
  }

  private static Principal principal(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    return ((AuthResult.Authenticated) result).principal();
  }

  private static Tokens corp() {
    return Tokens.from(idp.issuer("corp"), clock);
  }

  @Test
  void rs256TokenSignedWithDiscoveredKeyIsAuthenticated() {
    Principal principal = principal(authenticate(corp().rs256(RSA), "corp"));

    assertThat(principal.subject()).isEqualTo("alice");
    assertThat(principal.issuer()).isEqualTo("corp");
    assertThat(principal.kind()).isEqualTo(CredentialKind.JWT);
    assertThat(principal.consumer()).isNull();
    assertThat(principal.claims()).containsEntry("sub", "alice").containsKey("exp");
    assertThat(principal.expiresAt()).isAfter(clock.instant());
  }

  @Test
  void ps256TokenIsAuthenticated() {
    assertThat(principal(authenticate(corp().ps256(RSA), "corp")).subject()).isEqualTo("alice");
  }

  @Test
  void ecdsaTokensOnEachCurveAreAuthenticated() {
    assertThat(authenticate(corp().es(JWSAlgorithm.ES256, EC256), "corp"))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(authenticate(corp().es(JWSAlgorithm.ES384, EC384), "corp"))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(authenticate(corp().es(JWSAlgorithm.ES512, EC521), "corp"))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void eddsaTokensOnEd25519AndEd448AreVerifiedWithTheJdk() {
    assertThat(authenticate(corp().eddsa(ED25519), "corp"))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(authenticate(corp().eddsa(ED448), "corp"))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void hs256TokenOfIssuerWithSharedSecretIsAuthenticated() {
    String token =
        Tokens.from("https://hs.example", clock).hs256(SECRET.getBytes(StandardCharsets.UTF_8));

    Principal principal = principal(authenticate(token, "shared"));

    assertThat(principal.issuer()).isEqualTo("shared");
  }

  @Test
  void tokenWithTheRequiredClaimsIsAuthenticated() {
    String token =
        Tokens.from("https://strict.example", clock)
            .claim("tenant", "acme")
            .hs256(SECRET.getBytes(StandardCharsets.UTF_8));

    assertThat(authenticate(token, "strict")).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void tokenWithoutARequiredClaimIsRefusedNamingTheClaim() {
    String token =
        Tokens.from("https://strict.example", clock).hs256(SECRET.getBytes(StandardCharsets.UTF_8));

    assertThat(authenticate(token, "strict"))
        .isInstanceOfSatisfying(
            AuthResult.Rejected.class,
            r -> assertThat(r.description()).isEqualTo("token lacks the required claim 'tenant'"));
  }

  @Test
  void keycloakRealmRolesAndUsernameAreReadFromConfiguredPaths() {
    String token =
        Tokens.from(idp.issuer("keycloak"), clock)
            .claim("preferred_username", "bob")
            .claim("realm_access", Map.of("roles", List.of("orders-reader", "admin")))
            .rs256(KEYCLOAK);

    Principal principal = principal(authenticate(token, "keycloak"));

    assertThat(principal.subject()).isEqualTo("bob");
    assertThat(principal.roles()).containsExactlyInAnyOrder("orders-reader", "admin");
  }

  @Test
  void explicitJwksUriSkipsDiscovery() {
    assertThat(idp.discoveryRequests("keycloak")).isZero();
    assertThat(idp.jwksRequests("keycloak")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void scopeStringIsSplitOnWhitespace() {
    String token = corp().claim("scope", "orders:read  orders:write").rs256(RSA);

    assertThat(principal(authenticate(token, "corp")).scopes())
        .containsExactlyInAnyOrder("orders:read", "orders:write");
  }

  @Test
  void scpArrayIsReadWhenThereIsNoScopeClaim() {
    String token = corp().claim("scp", List.of("orders:read", "orders:write")).rs256(RSA);

    assertThat(principal(authenticate(token, "corp")).scopes())
        .containsExactlyInAnyOrder("orders:read", "orders:write");
  }

  @Test
  void rolesAsSpaceSeparatedStringAreSplit() {
    String token = corp().claim("roles", "reader writer").rs256(RSA);

    assertThat(principal(authenticate(token, "corp")).roles())
        .containsExactlyInAnyOrder("reader", "writer");
  }

  @Test
  void nestedClaimsAreCopiedWithoutNulls() {
    String token = corp().claim("org", Map.of("id", "acme")).claim("nothing", null).rs256(RSA);

    Principal principal = principal(authenticate(token, "corp"));

    assertThat(principal.claims())
        .containsEntry("org", Map.of("id", "acme"))
        .doesNotContainKey("nothing");
  }

  @Test
  void issuerIsChosenByIssAmongTheAcceptedOnes() {
    String token = Tokens.from(idp.issuer("keycloak"), clock).rs256(KEYCLOAK);

    assertThat(principal(authenticate(token, "corp", "keycloak")).issuer()).isEqualTo("keycloak");
  }

  @Test
  void secondUseOfATokenIsAnsweredFromTheCache() {
    String token = corp().rs256(RSA);

    Mono<AuthResult> first = registry.authenticateBearer(token, List.of("corp"));
    Mono<AuthResult> second = registry.authenticateBearer(token, List.of("corp"));
    Mono<AuthResult> third = registry.authenticateBearer(token, List.of("corp"));

    assertThat(first.block()).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(second).isSameAs(third);
    assertThat(second.block()).isEqualTo(first.block());
  }

  @Test
  void cachedTokenIsRefusedOnceItExpiresAndLeavesTheCache() {
    String token = corp().expiresAt(clock.instant().plusSeconds(60)).rs256(RSA);
    assertThat(authenticate(token, "corp")).isInstanceOf(AuthResult.Authenticated.class);
    long cached = registry.cachedTokenCount();

    clock.advance(Duration.ofSeconds(120));
    AuthResult later = authenticate(token, "corp");

    assertThat(later)
        .isInstanceOfSatisfying(
            AuthResult.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(Rejection.EXPIRED_TOKEN));
    assertThat(registry.cachedTokenCount()).isEqualTo(cached - 1);
  }

  @Test
  void cachedTokenIsRefusedOnARouteThatDoesNotAcceptItsIssuer() {
    String token = corp().rs256(RSA);
    assertThat(authenticate(token, "corp")).isInstanceOf(AuthResult.Authenticated.class);

    AuthResult elsewhere = authenticate(token, "keycloak");

    assertThat(elsewhere)
        .isInstanceOfSatisfying(
            AuthResult.Rejected.class,
            r -> assertThat(r.description()).isEqualTo("token issuer is not accepted here"));
  }

  @Test
  void tokenWithinClockSkewAfterExpiryIsStillAccepted() {
    String token = corp().expiresAt(clock.instant().minusSeconds(10)).rs256(RSA);

    assertThat(authenticate(token, "corp")).isInstanceOf(AuthResult.Authenticated.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"at+jwt", "application/at+jwt", "AT+JWT"})
  void configuredTokenTypeMatchesWithOrWithoutApplicationPrefixAndInAnyCase(String typ) {
    try (IssuerRegistry typed =
        IssuerRegistry.create(
            Map.of(
                "typed",
                IssuerConfig.issuer("https://hs.example")
                    .sharedSecret(SECRET)
                    .tokenType("at+jwt")
                    .build()),
            IssuerConfig.settings(10),
            clock,
            new SimpleMeterRegistry())) {
      String token =
          Tokens.from("https://hs.example", clock)
              .typ(typ)
              .hs256(SECRET.getBytes(StandardCharsets.UTF_8));

      assertThat(typed.authenticateBearer(token, List.of("typed")).block())
          .isInstanceOf(AuthResult.Authenticated.class);
    }
  }

  @Test
  void statusListsKeyIdsAndFetchTime() {
    IssuerStatus status = registry.status("corp");

    assertThat(status.name()).isEqualTo("corp");
    assertThat(status.keyIds())
        .containsExactly("ec-256", "ec-384", "ec-521", "ed-25519", "ed-448", "rsa-1");
    assertThat(status.stale()).isFalse();
    assertThat(status.lastError()).isNull();
  }
}
