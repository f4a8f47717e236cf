package dev.portico.config.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPatternTest {

  @Test
  void exactNameIsStoredLowerCase() {
    HostPattern pattern = HostPattern.parse("API.Example.com");

    assertThat(pattern.wildcard()).isFalse();
    assertThat(pattern.name()).isEqualTo("api.example.com");
    assertThat(pattern.source()).isEqualTo("API.Example.com");
  }

  @Test
  void wildcardIsStoredAsTheSuffixWithItsLeadingDot() {
    HostPattern pattern = HostPattern.parse("*.Example.com");

    assertThat(pattern.wildcard()).isTrue();
    assertThat(pattern.name()).isEqualTo(".example.com");
  }

  /** Wildcard semantics are applied by the route index, which looks hosts up by suffix. */
  private static boolean wildcardMatches(String pattern, String host) {
    RouteIndex<String> index =
        RouteIndex.build(List.of(TestRoute.path("/**").hosts(pattern).as("wildcard")));
    return index.find(TestRequest.get("/").host(host)) instanceof RouteLookup.Found<String>;
  }

  @Test
  void wildcardMatchesSubdomainsAtAnyDepth() {
    assertThat(wildcardMatches("*.example.com", "a.example.com")).isTrue();
    assertThat(wildcardMatches("*.example.com", "a.b.example.com")).isTrue();
  }

  @Test
  void wildcardDoesNotMatchTheBareDomainOrALookAlike() {
    assertThat(wildcardMatches("*.example.com", "example.com")).isFalse();
    assertThat(wildcardMatches("*.example.com", "badexample.com")).isFalse();
    assertThat(wildcardMatches("*.example.com", "example.com.evil.org")).isFalse();
  }

  @Test
  void ipv4AddressIsAnExactName() {
    assertThat(HostPattern.parse("10.0.0.1").name()).isEqualTo("10.0.0.1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "api.example.com:8443",
        "*",
        "*.",
        "shop.*.example.com",
        "*example.com",
        "api_v2.example.com",
        "-api.example.com",
        "api.example.com.",
        "[::1]",
        ""
      })
  void rejectsWhatIsNotAHostNameOrWildcard(String source) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HostPattern.parse(source))
        .withMessage(
            "'"
                + source
                + "' is not a host name (expected e.g. api.example.com or"
                + " *.example.com, without port)");
  }

  @Test
  void rejectsANameLongerThan253Characters() {
    String longName =
        "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(73);

    assertThatIllegalArgumentException().isThrownBy(() -> HostPattern.parse(longName));
  }

  @ParameterizedTest
  @CsvSource({
    "api.example.com, api.example.com",
    "API.Example.COM, api.example.com",
    "api.example.com:8443, api.example.com",
    "api.example.com., api.example.com",
    "api.example.com.:443, api.example.com",
    "10.0.0.1:8080, 10.0.0.1",
    "[::1], [::1]",
    "[::1]:8443, [::1]",
    "[2001:DB8::1]:443, [2001:db8::1]"
  })
  void normalizeLowersCaseAndStripsPortAndTrailingDotButKeepsIpv6Brackets(
      String header, String expected) {
    assertThat(HostPattern.normalize(header)).isEqualTo(expected);
  }

  @Test
  void normalizeOfAMissingHostIsEmpty() {
    assertThat(HostPattern.normalize(null)).isEmpty();
    assertThat(HostPattern.normalize("")).isEmpty();
  }
}
