package dev.portico.auth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** Which smuggled identity headers the strip filter finds. */
class StripHeadersWebFilterTest {

  private static HttpHeaders headers(String... names) {
    HttpHeaders headers = new HttpHeaders();
    for (String name : names) {
      headers.add(name, "v");
    }
    return headers;
  }

  @Test
  void aPrefixPatternMatchesNamesStartingWithItIgnoringCase() {
    HttpHeaders headers = headers("x-portico-subject", "X-PORTICO-Roles", "X-Portico", "Accept");

    assertThat(StripHeadersWebFilter.matching(headers, List.of("X-Portico-*")))
        .containsExactly("x-portico-subject", "X-PORTICO-Roles");
  }

  @Test
  void aPlainPatternMatchesTheWholeNameIgnoringCase() {
    HttpHeaders headers = headers("x-user-id", "X-User-Ids", "X-User");

    assertThat(StripHeadersWebFilter.matching(headers, List.of("X-User-Id")))
        .containsExactly("x-user-id");
  }

  @Test
  void aRequestWithoutSuchHeadersYieldsNothing() {
    assertThat(
            StripHeadersWebFilter.matching(
                headers("Accept", "Host"), List.of("X-Portico-*", "X-User-Id")))
        .isEmpty();
  }
}
