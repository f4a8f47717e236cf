package dev.portico.auth.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.portico.auth.CredentialKind;
import dev.portico.auth.Principal;
import dev.portico.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SessionCodecTest {

  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();

  private final MutableClock clock = new MutableClock(NOW);
  private final SessionCodec codec = new SessionCodec(SECRET, clock, new SplittableRandom(11));

  static BrowserSession session(Instant expiresAt, Map<String, Object> claims) {
    Principal principal =
        new Principal(
            "alice",
            "corp",
            Set.of("orders-reader", "admin"),
            Set.of("openid", "profile"),
            null,
            claims,
            expiresAt,
            CredentialKind.SESSION);
    return new BrowserSession(
        "corp",
        principal,
        "access-token-value",
        NOW.plusSeconds(300),
        "refresh-token-value",
        "id-token-value",
        expiresAt);
  }

  private static BrowserSession session() {
    return session(
        NOW.plus(Duration.ofHours(8)),
        Map.of(
            "sub",
            "alice",
            "email",
            "alice@example.com",
            "realm_access",
            Map.of("roles", List.of("admin")),
            "auth_time",
            1_772_359_200L,
            "email_verified",
            true));
  }

  @Test
  void sessionRoundTripsWithEveryField() {
    BrowserSession original = session();

    BrowserSession opened = codec.openSession(codec.seal(original)).orElseThrow();

    assertThat(opened).isEqualTo(original);
    assertThat(opened.principal().kind()).isEqualTo(CredentialKind.SESSION);
    assertThat(opened.principal().claims())
        .containsEntry("realm_access", Map.of("roles", List.of("admin")))
        .containsEntry("auth_time", 1_772_359_200L)
        .containsEntry("email_verified", true);
  }

  @Test
  void sessionWithoutOptionalTokensRoundTrips() {
    BrowserSession original =
        new BrowserSession(
            "corp", session().principal(), "at", null, null, null, NOW.plusSeconds(60));

    assertThat(codec.openSession(codec.seal(original))).contains(original);
  }

  @Test
  void dateClaimsBecomeEpochSecondsAsInAJwt() {
    BrowserSession original =
        session(NOW.plusSeconds(600), Map.of("iat", Date.from(NOW), "at", NOW.minusSeconds(5)));

    Map<String, Object> claims =
        codec.openSession(codec.seal(original)).orElseThrow().principal().claims();

    assertThat(claims)
        .containsEntry("iat", NOW.getEpochSecond())
        .containsEntry("at", NOW.getEpochSecond() - 5);
  }

  @Test
  void sealedValueRevealsNoTokenAndIsCookieSafe() {
    String sealed = codec.seal(session());

    assertThat(sealed).matches("[A-Za-z0-9_-]+").doesNotContain("access-token", "alice");
  }

  @Test
  void sealingTwiceGivesDifferentValuesBecauseTheNonceIsRandom() {
    BrowserSession original = session();

    assertThat(codec.seal(original)).isNotEqualTo(codec.seal(original));
  }

  @Test
  void anyChangedCharacterIsRefused() {
    String sealed = codec.seal(session());

    for (int i = 0; i < sealed.length(); i += 7) {
      char c = sealed.charAt(i);
      String tampered = sealed.substring(0, i) + (c == 'A' ? 'B' : 'A') + sealed.substring(i + 1);
      assertThat(codec.openSession(tampered)).as("changed at %d", i).isEmpty();
    }
  }

  @Test
  void flippedCiphertextBitIsRefused() {
    byte[] raw = Base64.getUrlDecoder().decode(codec.seal(session()));
    raw[raw.length / 2] ^= 0x01;

    assertThat(codec.openSession(Base64.getUrlEncoder().withoutPadding().encodeToString(raw)))
        .isEmpty();
  }

  @Test
  void truncatedValueIsRefused() {
    String sealed = codec.seal(session());

    assertThat(codec.openSession(sealed.substring(0, sealed.length() - 1))).isEmpty();
    assertThat(codec.openSession(sealed.substring(0, sealed.length() / 2))).isEmpty();
    assertThat(codec.openSession(sealed.substring(0, 10))).isEmpty();
    assertThat(codec.openSession("")).isEmpty();
  }

  @Test
  void garbageIsRefused() {
    assertThat(codec.openSession("not base64 at all!")).isEmpty();
    assertThat(codec.openSession("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).isEmpty();
  }

  @Test
  void valueSealedWithAnotherSecretIsRefused() {
    SessionCodec other =
        new SessionCodec(
            "fedcba9876543210fedcba9876543210".getBytes(), clock, new SplittableRandom(11));

    assertThat(codec.openSession(other.seal(session()))).isEmpty();
  }

  @Test
  void expiredSessionIsRefused() {
    String sealed = codec.seal(session(NOW.plusSeconds(60), Map.of()));

    clock.advance(Duration.ofSeconds(59));
    assertThat(codec.openSession(sealed)).isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(codec.openSession(sealed)).isEmpty();
  }

  @Test
  void loginStateRoundTrips() {
    LoginState state = LoginState.begin("corp", "/app?tab=2", new SplittableRandom(2), clock);

    assertThat(codec.openLoginState(codec.seal(state))).contains(state);
  }

  @Test
  void loginStateExpiresAfterTenMinutes() {
    String sealed = codec.seal(LoginState.begin("corp", "/", new SplittableRandom(2), clock));

    clock.advance(Duration.ofMinutes(10).minusSeconds(1));
    assertThat(codec.openLoginState(sealed)).isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(codec.openLoginState(sealed)).isEmpty();
  }

  @Test
  void loginStateIssuedInTheFutureIsRefused() {
    MutableClock ahead = new MutableClock(NOW.plus(Duration.ofMinutes(5)));
    String sealed = codec.seal(LoginState.begin("corp", "/", new SplittableRandom(2), ahead));

    assertThat(codec.openLoginState(sealed)).isEmpty();
  }

  @Test
  void aLoginStateNeverOpensAsASessionNorTheReverse() {
    String state = codec.seal(LoginState.begin("corp", "/", new SplittableRandom(2), clock));
    String session = codec.seal(session());

    assertThat(codec.openSession(state)).isEmpty();
    assertThat(codec.openLoginState(session)).isEmpty();
  }

  @Test
  void secretShorterThan32BytesIsRefused() {
    assertThatThrownBy(() -> new SessionCodec(new byte[31], clock, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes");
  }

  @Test
  void base64SecretOfTheConfigurationIsAccepted() {
    String secret = Base64.getEncoder().encodeToString(SECRET);
    SessionCodec fromConfig =
        SessionCodec.fromBase64Secret(" " + secret + "\n", clock, new SplittableRandom(4));

    assertThat(codec.openSession(fromConfig.seal(session()))).isPresent();
    assertThatThrownBy(() -> SessionCodec.fromBase64Secret("%%%", clock, new SplittableRandom(4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("session secret is not base64");
  }

  @Test
  void claimsThatAreTheIdTokensAreReadBackFromItInsteadOfBeingStoredTwice() throws Exception {
    Map<String, Object> claims =
        Map.of(
            "sub", "alice",
            "aud", "portico-web",
            "email", "alice@example.com",
            "roles", List.of("orders-reader", "admin"),
            "exp", NOW.plusSeconds(900).getEpochSecond());
    String idToken = new PlainJWT(JWTClaimsSet.parse(claims)).serialize();
    BrowserSession session = withClaims(claims, idToken);
    Map<String, Object> more = new java.util.HashMap<>(claims);
    more.put("x", "y");

    String sealed = codec.seal(session);

    assertThat(codec.openSession(sealed)).contains(session);
    int claimsJson = JSONObjectUtils.toJSONString(claims).length();
    assertThat(codec.seal(withClaims(more, idToken)).length() - sealed.length())
        .isGreaterThan(claimsJson);
  }

  private static BrowserSession withClaims(Map<String, Object> claims, String idToken) {
    BrowserSession base = session(NOW.plus(Duration.ofHours(1)), claims);
    return new BrowserSession(
        "corp", base.principal(), "at", null, "rt", idToken, base.expiresAt());
  }

  @Test
  void toStringNeverShowsTokens() {
    assertThat(session().toString())
        .contains("alice")
        .doesNotContain("access-token-value", "refresh-token-value", "id-token-value");
  }
}
