package dev.portico.auth.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PkceTest {

  @Test
  void challengeOfTheRfc7636ExampleVerifierIsTheRfcsChallenge() {
    assertThat(Pkce.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  }

  @Test
  void newVerifierIs43UnreservedCharacters() {
    String verifier = Pkce.newVerifier(new SplittableRandom(1));

    assertThat(verifier).hasSize(43).matches("[A-Za-z0-9\\-._~]+");
    assertThat(Pkce.isValidVerifier(verifier)).isTrue();
  }

  @Test
  void verifiersFromOneSourceDiffer() {
    SplittableRandom random = new SplittableRandom(7);

    assertThat(Pkce.newVerifier(random)).isNotEqualTo(Pkce.newVerifier(random));
  }

  @Test
  void challengeRefusesVerifiersOutsideRfc7636() {
    assertThatThrownBy(() -> Pkce.challenge("too-short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("43 to 128");
    assertThatThrownBy(() -> Pkce.challenge("a".repeat(129)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pkce.challenge("a".repeat(42) + "+"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Pkce.isValidVerifier("a".repeat(128))).isTrue();
  }

  @Test
  void methodIsS256() {
    assertThat(Pkce.METHOD).isEqualTo("S256");
  }
}
