package dev.portico.auth.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoginStateTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void beginDrawsDistinct256BitStateNonceAndVerifier() {
    LoginState state = LoginState.begin("corp", "/app?x=1", new SplittableRandom(3), CLOCK);

    assertThat(state.state()).hasSize(43).isNotEqualTo(state.nonce());
    assertThat(state.nonce()).hasSize(43);
    assertThat(state.codeVerifier()).hasSize(43).isNotIn(state.state(), state.nonce());
    assertThat(state.codeChallenge()).isEqualTo(Pkce.challenge(state.codeVerifier()));
    assertThat(state.issuedAt()).isEqualTo(NOW);
    assertThat(state.expiresAt()).isEqualTo(NOW.plus(LoginState.LIFETIME));
    assertThat(state.returnTo()).isEqualTo("/app?x=1");
    assertThat(state.issuer()).isEqualTo("corp");
  }

  @Test
  void twoLoginsGetDifferentStates() {
    SplittableRandom random = new SplittableRandom(3);

    assertThat(LoginState.begin("corp", "/", random, CLOCK).state())
        .isNotEqualTo(LoginState.begin("corp", "/", random, CLOCK).state());
  }

  @Test
  void matchesStateOnlyForTheExactValue() {
    LoginState state = LoginState.begin("corp", "/", new SplittableRandom(5), CLOCK);

    assertThat(state.matchesState(state.state())).isTrue();
    assertThat(state.matchesState(state.state().substring(1))).isFalse();
    assertThat(state.matchesState(state.state() + "x")).isFalse();
    assertThat(state.matchesState(state.nonce())).isFalse();
    assertThat(state.matchesState(null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "evil",
        "",
        "/a b",
        "/a\nLocation: x",
        "/caf\u00e9",
        "/ok\\..\\x"
      })
  void returnToOutsideThisHostBecomesTheRoot(String returnTo) {
    LoginState state = LoginState.begin("corp", returnTo, new SplittableRandom(5), CLOCK);

    assertThat(state.returnTo()).isEqualTo("/");
  }

  @Test
  void returnToKeepsPathAndQueryOnThisHost() {
    assertThat(ReturnPaths.sanitize("/orders/7?view=full&x=%2F%2F"))
        .isEqualTo("/orders/7?view=full&x=%2F%2F");
    assertThat(ReturnPaths.sanitize(null)).isEqualTo("/");
    assertThat(ReturnPaths.sanitize("/" + "a".repeat(ReturnPaths.MAX_LENGTH))).isEqualTo("/");
  }
}
