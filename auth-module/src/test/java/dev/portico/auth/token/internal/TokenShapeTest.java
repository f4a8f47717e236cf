package dev.portico.auth.token.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenShapeTest {

  @ParameterizedTest(name = "''{0}'' is {1}")
  @CsvSource({
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln, JWS",
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnYQ, JWS",
    "eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn, JWE",
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0., MALFORMED",
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0, MALFORMED",
    "eyJhbGciOiJSUzI1NiJ9..c2ln, MALFORMED",
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnYR, MALFORMED",
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnY, MALFORMED",
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln=, MALFORMED",
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2l+, MALFORMED",
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln.c2ln, MALFORMED",
    "2YotnFZFEjr1zCsicMWpAA, OPAQUE",
    "ya29.a0AfH6SMC-token_value~x+y/z==, OPAQUE",
    "has space, MALFORMED",
    "=leading, MALFORMED",
    "tok=en, MALFORMED"
  })
  void classifiesTokens(String token, TokenShape expected) {
    assertThat(TokenShape.of(token)).isEqualTo(expected);
  }
}
