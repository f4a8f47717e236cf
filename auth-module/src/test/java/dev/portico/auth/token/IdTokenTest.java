package dev.portico.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.RSAKey;
import dev.portico.auth.CredentialKind;
import dev.portico.auth.Principal;
import dev.portico.auth.Rejection;
import dev.portico.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** OIDC ID-token checks for browser login (OIDC Core §3.1.3.7). */
class IdTokenTest {

  private static final RSAKey KEY = TestKeys.rsa("id-1");
  private static final RSAKey OTHER = TestKeys.rsa("id-1");
  private static final String CLIENT = "portico-console";
  private static final String NONCE = "n-0S6_WzA2Mj";

  private static TestIdp idp;
  private static MutableClock clock;
  private static IssuerRegistry registry;

  @BeforeAll
  static void start() {
    idp = new TestIdp();
    idp.discovery("corp").jwks("corp", TestKeys.jwks(KEY));
    clock = MutableClock.startingNow();
    registry =
        IssuerRegistry.create(
            Map.of("corp", IssuerConfig.issuer(idp.issuer("corp")).login(CLIENT).build()),
            IssuerConfig.settings(100),
            clock,
            new SimpleMeterRegistry());
    await().until(() -> registry.status("corp").lastKeyFetch() != null);
  }

  @AfterAll
  static void stop() {
    registry.close();
    idp.close();
  }

  private static Tokens idToken() {
    return Tokens.from(idp.issuer("corp"), clock)
        .audience(CLIENT)
        .claim("nonce", NONCE)
        .claim("email", "alice@example.com");
  }

  private static Principal verify(String token, String nonce) {
    return registry.verifyIdToken("corp", token, CLIENT, nonce).block(Duration.ofSeconds(10));
  }

  @Test
  void validIdTokenGivesASessionPrincipal() {
    Principal principal = verify(idToken().rs256(KEY), NONCE);

    assertThat(principal.subject()).isEqualTo("alice");
    assertThat(principal.issuer()).isEqualTo("corp");
    assertThat(principal.kind()).isEqualTo(CredentialKind.SESSION);
    assertThat(principal.claims()).containsEntry("email", "alice@example.com");
  }

  @Test
  void severalAudiencesWithAzpOfThisClientAreAccepted() {
    String token = idToken().audience(CLIENT, "other-api").claim("azp", CLIENT).rs256(KEY);

    assertThat(verify(token, NONCE).subject()).isEqualTo("alice");
  }

  @Test
  void nullNonceSkipsTheNonceCheck() {
    assertThat(verify(idToken().claim("nonce", null).rs256(KEY), null).subject())
        .isEqualTo("alice");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badIdTokens")
  void badIdTokenIsRefused(String name, String token, Rejection reason, String description) {
    assertThatThrownBy(() -> verify(token, NONCE))
        .isInstanceOfSatisfying(
            TokenRejectedException.class,
            e -> {
              assertThat(e.rejection().reason()).isEqualTo(reason);
              assertThat(e.rejection().description()).isEqualTo(description);
              assertThat(e.rejection().issuer()).isEqualTo("corp");
            });
  }

  static Stream<Arguments> badIdTokens() {
    String invalid = "INVALID_TOKEN";
    return Stream.of(
        bad(
            "nonce differs",
            idToken().claim("nonce", "replayed").rs256(KEY),
            invalid,
            "ID token nonce does not match the login request"),
        bad(
            "nonce missing",
            idToken().claim("nonce", null).rs256(KEY),
            invalid,
            "ID token nonce does not match the login request"),
        bad(
            "audience is another client",
            idToken().audience("someone-else").rs256(KEY),
            invalid,
            "ID token is not meant for this client (aud)"),
        bad(
            "several audiences without azp",
            idToken().audience(CLIENT, "other-api").rs256(KEY),
            invalid,
            "ID token with several audiences has no authorized party (azp)"),
        bad(
            "azp names another client",
            idToken().claim("azp", "someone-else").rs256(KEY),
            invalid,
            "ID token was issued to another client (azp)"),
        bad(
            "iat missing",
            idToken().issuedAt(null).rs256(KEY),
            invalid,
            "token has no issue time (iat)"),
        bad(
            "expired",
            idToken().expiresAt(clock.instant().minus(Duration.ofMinutes(5))).rs256(KEY),
            "EXPIRED_TOKEN",
            "token has expired"),
        bad(
            "access token offered as ID token",
            idToken().typ("at+jwt").rs256(KEY),
            invalid,
            "an access token is not an ID token"),
        bad(
            "issuer differs",
            Tokens.from("https://evil.example", clock)
                .audience(CLIENT)
                .claim("nonce", NONCE)
                .kid("id-1")
                .rs256(KEY),
            invalid,
            "ID token issuer is not this provider"),
        bad(
            "signed by another key under the same kid",
            idToken().rs256(OTHER),
            invalid,
            "token signature is invalid"),
        bad("not a JWS", "opaque-value", invalid, "ID token is malformed"));
  }

  private static Arguments bad(String name, String token, String reason, String description) {
    return Arguments.of(name, token, Rejection.valueOf(reason), description);
  }

  @Test
  void unknownIssuerNameIsAnArgumentError() {
    assertThatThrownBy(() -> registry.verifyIdToken("nope", "x", CLIENT, NONCE).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
  }
}
