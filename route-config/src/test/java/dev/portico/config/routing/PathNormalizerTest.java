package dev.portico.config.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.model.PathNormalization;
import dev.portico.config.routing.PathNormalizer.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathNormalizerTest {

  private static final PathNormalizer DEFAULTS = normalizer(true, true, true);

  private static PathNormalizer normalizer(
      boolean mergeSlashes, boolean rejectEncodedSlashes, boolean rejectSemicolons) {
    return PathNormalizer.of(
        new PathNormalization(mergeSlashes, rejectEncodedSlashes, rejectSemicolons));
  }

  private static String normalized(PathNormalizer normalizer, String path) {
    Result result = normalizer.normalize(path);
    assertThat(result).as(path).isInstanceOf(Result.Normalized.class);
    return ((Result.Normalized) result).path();
  }

  private static String refusal(PathNormalizer normalizer, String path) {
    Result result = normalizer.normalize(path);
    assertThat(result).as(path).isInstanceOf(Result.Refused.class);
    return ((Result.Refused) result).reason();
  }

  // --- unchanged paths ---

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/api/orders/42",
        "/api/orders/",
        "/a:b@c!$&'()*+,=-._~",
        "/caf%C3%A9/a%20b%3F",
        "/%F0%9F%98%80",
        "/%252e%252e/admin",
        "/a/.../..b/.c/c."
      })
  void pathAlreadyInNormalFormIsReturnedAsTheSameInstance(String path) {
    assertThat(normalized(DEFAULTS, path)).isSameAs(path);
  }

  // --- normalization with the default settings ---

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          /a/./b              | /a/b
          /a/../b             | /b
          /admin/../public/x  | /public/x
          /../a               | /a
          /../../a/b          | /a/b
          /..                 | /
          /.                  | /
          /./admin/x          | /admin/x
          /a/b/..             | /a/
          /a/.                | /a/
          /a/./               | /a/
          /a/b/../../..       | /
          /a/..b/../c         | /a/c
          /public/./../admin/x | /admin/x
          """)
  void dotSegmentsAreRemovedAsInRfc3986(String path, String expected) {
    assertThat(normalized(DEFAULTS, path)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          //admin/x          | /admin/x
          /a///b             | /a/b
          /a//               | /a/
          //                 | /
          /public//..//admin | /admin
          """)
  void runsOfSlashesAreMergedKeepingATrailingSlash(String path, String expected) {
    assertThat(normalized(DEFAULTS, path)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          /%61dmin/x        | /admin/x
          /%7Euser/%2D%2E%5F | /~user/-._
          /a/%2Ex           | /a/.x
          /a/..%2e          | /a/...
          /v%31/%41%42      | /v1/AB
          """)
  void encodedUnreservedCharactersAreDecoded(String path, String expected) {
    assertThat(normalized(DEFAULTS, path)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          /caf%c3%a9        | /caf%C3%A9
          /a%3b%20b         | /a%3B%20b
          /%25%2e           | /%25.
          /a%3fb%23c        | /a%3Fb%23c
          /%f0%9f%98%80     | /%F0%9F%98%80
          """)
  void otherEscapesAreKeptWithUpperCaseHexDigits(String path, String expected) {
    assertThat(normalized(DEFAULTS, path)).isEqualTo(expected);
  }

  @Test
  void doubleEncodedDotsStayLiteral() {
    assertThat(normalized(DEFAULTS, "/public/%252e%252e/admin"))
        .isEqualTo("/public/%252e%252e/admin");
  }

  // --- refusals with the default settings ---

  @ParameterizedTest
  @ValueSource(strings = {"", "admin/x", "*", "..//admin"})
  void pathNotStartingWithASlashIsRefused(String path) {
    assertThat(refusal(DEFAULTS, path)).isEqualTo("The path must start with /.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/public\\..\\admin", "/a\\b", "/\\admin"})
  void backslashIsRefused(String path) {
    assertThat(refusal(DEFAULTS, path)).isEqualTo("The path contains a backslash.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/admin%00/x", "/a%00", "/%00.."})
  void encodedNulIsRefused(String path) {
    assertThat(refusal(DEFAULTS, path)).isEqualTo("The path contains an encoded NUL (%00).");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a\u0000b", "/a\tb", "/a\rb", "/a\nb", "/a\u007Fb"})
  void rawControlCharacterIsRefused(String path) {
    assertThat(refusal(DEFAULTS, path)).isEqualTo("The path contains a control character.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a b", "/caf\u00e9", "/a\"b", "/a<b>", "/a|b", "/a{b}", "/a^b", "/a`b"})
  void characterThatMustBeEncodedIsRefused(String path) {
    assertThat(refusal(DEFAULTS, path))
        .isEqualTo("The path contains a character that must be percent-encoded.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a%", "/a%2", "/a%G1", "/a%1G", "/%%30", "/%u002e%u002e/admin"})
  void malformedPercentEncodingIsRefused(String path) {
    assertThat(refusal(DEFAULTS, path)).contains("malformed percent-encoding");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/public/%c0%ae%c0%ae/admin", // overlong '.'
        "/a%C0%AF", // overlong '/'
        "/public/%e0%80%ae./admin", // three-byte overlong '.'
        "/a%F0%80%80%AE", // four-byte overlong '.'
        "/a%80", // lone continuation byte
        "/a%C3", // truncated sequence
        "/a%C3x", // truncated sequence followed by a literal
        "/a%ED%A0%80", // UTF-16 surrogate
        "/a%F4%90%80%80", // beyond U+10FFFF
        "/a%FF",
        "/a%C3%A9%A9" // valid character followed by a stray continuation byte
      })
  void encodedBytesThatAreNotStrictUtf8AreRefused(String path) {
    assertThat(refusal(DEFAULTS, path))
        .isEqualTo("The path contains percent-encoded bytes that are not valid UTF-8.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/admin%2fx", "/public/..%2Fadmin", "/public/..%2F..%2Fadmin"})
  void encodedSlashIsRefused(String path) {
    assertThat(refusal(DEFAULTS, path)).isEqualTo("The path contains an encoded slash (%2F).");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/public/%5c../admin", "/a%5Cb"})
  void encodedBackslashIsRefused(String path) {
    assertThat(refusal(DEFAULTS, path)).isEqualTo("The path contains an encoded backslash (%5C).");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/admin;x=y", "/public;/../admin", "/..;/admin", "/a;"})
  void semicolonIsRefused(String path) {
    assertThat(refusal(DEFAULTS, path))
        .isEqualTo("The path contains a semicolon (path parameters).");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/%2e%2e/admin",
        "/public/%2e%2e/admin/x",
        "/public/.%2e/admin",
        "/public/%2E./admin",
        "/a/%2e",
        "/a/%2e/b"
      })
  void dotSegmentWrittenWithPercentEncodingIsRefused(String path) {
    assertThat(refusal(DEFAULTS, path))
        .isEqualTo("The path contains a dot segment written with percent-encoding (%2E).");
  }

  // --- settings switched off ---

  @Test
  void withoutMergeSlashesEmptySegmentsAreKept() {
    PathNormalizer keepSlashes = normalizer(false, true, true);
    String path = "//admin//x/";

    assertThat(normalized(keepSlashes, path)).isSameAs(path);
    assertThat(normalized(keepSlashes, "/a//../b")).isEqualTo("/a/b");
    assertThat(normalized(keepSlashes, "/a//..")).isEqualTo("/a/");
    assertThat(normalized(keepSlashes, "//./x")).isEqualTo("//x");
  }

  @Test
  void withoutRejectEncodedSlashesTheyStayEncodedInsideTheirSegment() {
    PathNormalizer keepEncoded = normalizer(true, false, true);

    assertThat(normalized(keepEncoded, "/admin%2fx")).isEqualTo("/admin%2Fx");
    assertThat(normalized(keepEncoded, "/a%5cb")).isEqualTo("/a%5Cb");
    assertThat(normalized(keepEncoded, "/public/..%2F..%2Fadmin"))
        .isEqualTo("/public/..%2F..%2Fadmin");
    // "%2e%2e%2fadmin" is one segment, "..%2Fadmin", which the following ".." removes.
    assertThat(normalized(keepEncoded, "/x/%2e%2e%2fadmin/../y")).isEqualTo("/x/y");
  }

  @Test
  void withoutRejectEncodedSlashesOtherRulesStillApply() {
    PathNormalizer keepEncoded = normalizer(true, false, true);

    assertThat(refusal(keepEncoded, "/a\\b")).isEqualTo("The path contains a backslash.");
    assertThat(refusal(keepEncoded, "/%2e%2e/a")).contains("dot segment");
  }

  @Test
  void withoutRejectSemicolonsTheyArePartOfTheSegment() {
    PathNormalizer keepSemicolons = normalizer(true, true, false);
    String path = "/admin;x=y/a;b";

    assertThat(normalized(keepSemicolons, path)).isSameAs(path);
    assertThat(normalized(keepSemicolons, "/public;/../admin")).isEqualTo("/admin");
    assertThat(normalized(keepSemicolons, "/a/..x;y")).isEqualTo("/a/..x;y");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/public/..;/admin", "/..;x/admin", "/a/.;x", "/a/%2e%2e;x/b", "/a/.%2e;/b"})
  void withoutRejectSemicolonsADotSegmentWithParametersIsStillRefused(String path) {
    assertThat(refusal(normalizer(true, true, false), path))
        .isEqualTo("The path contains a dot segment with parameters (such as ..;x).");
  }

  @Test
  void withEverySettingOffTheSafetyRulesStillApply() {
    PathNormalizer lenient = normalizer(false, false, false);

    assertThat(refusal(lenient, "/a%00")).contains("NUL");
    assertThat(refusal(lenient, "/a%c0%ae")).contains("UTF-8");
    assertThat(refusal(lenient, "/%2e%2e/admin")).contains("percent-encoding (%2E)");
    assertThat(refusal(lenient, "/a\\b")).contains("backslash");
    assertThat(normalized(lenient, "//%61;x/../b%2f")).isEqualTo("//b%2F");
  }
}
