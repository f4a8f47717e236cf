package dev.portico.config.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.portico.config.routing.PathPattern.Kind;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PathPatternTest {

  @Test
  void literalPathIsExact() {
    PathPattern pattern = PathPattern.parse("/health/live");

    assertThat(pattern.kind()).isEqualTo(Kind.EXACT);
    assertThat(pattern.segments()).containsExactly("health", "live");
    assertThat(pattern.variableNames()).isEmpty();
  }

  @Test
  void rootIsExactWithNoSegments() {
    PathPattern pattern = PathPattern.parse("/");

    assertThat(pattern.kind()).isEqualTo(Kind.EXACT);
    assertThat(pattern.segments()).isEmpty();
  }

  @Test
  void variableSegmentMakesATemplate() {
    PathPattern pattern = PathPattern.parse("/users/{id}/orders/{orderId}");

    assertThat(pattern.kind()).isEqualTo(Kind.TEMPLATE);
    assertThat(pattern.variableNames()).containsExactly("id", "orderId");
    assertThat(pattern.isVariable(0)).isFalse();
    assertThat(pattern.isVariable(1)).isTrue();
  }

  @Test
  void trailingDoubleStarMakesAPrefixOfTheSegmentsBeforeIt() {
    PathPattern pattern = PathPattern.parse("/api/v1/**");

    assertThat(pattern.kind()).isEqualTo(Kind.PREFIX);
    assertThat(pattern.segments()).containsExactly("api", "v1");
  }

  @Test
  void rootDoubleStarIsAPrefixWithNoSegments() {
    PathPattern pattern = PathPattern.parse("/**");

    assertThat(pattern.kind()).isEqualTo(Kind.PREFIX);
    assertThat(pattern.segments()).isEmpty();
  }

  @Test
  void prefixMayContainVariables() {
    PathPattern pattern = PathPattern.parse("/tenants/{tenant}/**");

    assertThat(pattern.kind()).isEqualTo(Kind.PREFIX);
    assertThat(pattern.variableNames()).containsExactly("tenant");
  }

  @Test
  void percentEncodedAndSubDelimiterCharactersAreLiteral() {
    assertThat(PathPattern.parse("/files/a%20b;v=1").segments())
        .containsExactly("files", "a%20b;v=1");
  }

  @Test
  void rejectsAPathWithoutLeadingSlash() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PathPattern.parse("api/**"))
        .withMessage("'api/**' must start with /");
  }

  @Test
  void rejectsDoubleStarBeforeTheLastSegment() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PathPattern.parse("/api/**/items"))
        .withMessage(
            "'/api/**/items': ** is only allowed as the last segment (expected e.g. /api/**)");
  }

  @Test
  void rejectsAStarInsideASegment() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PathPattern.parse("/api/v*"))
        .withMessage(
            "'/api/v*': 'v*' uses * inside a segment (expected {name} for one segment or /** at the"
                + " end)");
  }

  @Test
  void rejectsAnUnclosedVariable() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PathPattern.parse("/users/{id"))
        .withMessage(
            "'/users/{id': '{id' is not a template variable (expected a whole segment like {id})");
  }

  @Test
  void rejectsAVariableThatIsOnlyPartOfASegment() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PathPattern.parse("/users/id-{id}"))
        .withMessageContaining("'id-{id}' is not a template variable");
  }

  @Test
  void rejectsAQueryInThePattern() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PathPattern.parse("/orders?id=1"))
        .withMessage(
            "'/orders?id=1': a path pattern does not include the query (match query parameters"
                + " with match.query)");
  }

  @Test
  void rejectsCharactersThatMustBePercentEncoded() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PathPattern.parse("/a b"))
        .withMessage("'/a b': 'a b' has characters not allowed in a path (percent-encode them)");
  }

  @Test
  void exactComesBeforeTemplateBeforePrefix() {
    PathPattern exact = PathPattern.parse("/users/me");
    PathPattern template = PathPattern.parse("/users/{id}");
    PathPattern prefix = PathPattern.parse("/users/**");

    assertThat(exact).isLessThan(template);
    assertThat(template).isLessThan(prefix);
    assertThat(exact).isLessThan(prefix);
  }

  @Test
  void longerPrefixComesFirst() {
    assertThat(PathPattern.parse("/api/orders/**")).isLessThan(PathPattern.parse("/api/**"));
    assertThat(PathPattern.parse("/api/**")).isLessThan(PathPattern.parse("/**"));
  }

  @Test
  void literalSegmentComesBeforeVariableAtTheFirstDifference() {
    assertThat(PathPattern.parse("/users/me/{section}"))
        .isLessThan(PathPattern.parse("/users/{id}/orders"));
    assertThat(PathPattern.parse("/tenants/acme/**"))
        .isLessThan(PathPattern.parse("/tenants/{tenant}/**"));
  }

  @Test
  void patternsOfTheSameShapeCompareEqual() {
    assertThat(PathPattern.parse("/users/{id}"))
        .isEqualByComparingTo(PathPattern.parse("/teams/{id}"));
  }

  /**
   * A sort requires a consistent order even among patterns that never compete for a request; before
   * the fix, /{a} equalled both /{a}/b and /{a}/{b}, which differ from each other.
   */
  @Test
  void comparisonIsAConsistentTotalPreorder() {
    List<PathPattern> patterns =
        Stream.of(
                "/",
                "/a",
                "/a/b",
                "/{x}",
                "/{x}/b",
                "/{x}/{y}",
                "/a/{y}",
                "/a/{y}/c",
                "/**",
                "/a/**",
                "/{x}/**",
                "/a/b/**",
                "/{x}/b/**",
                "/a/{y}/**")
            .map(PathPattern::parse)
            .toList();

    for (PathPattern a : patterns) {
      for (PathPattern b : patterns) {
        assertThat(Integer.signum(a.compareTo(b)))
            .as("%s vs %s", a, b)
            .isEqualTo(-Integer.signum(b.compareTo(a)));
        for (PathPattern c : patterns) {
          if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
            assertThat(a.compareTo(c)).as("%s <= %s <= %s", a, b, c).isLessThanOrEqualTo(0);
          }
        }
      }
    }
  }

  @Test
  void equalityFollowsTheSourceText() {
    assertThat(PathPattern.parse("/a/{id}")).isEqualTo(PathPattern.parse("/a/{id}"));
    assertThat(PathPattern.parse("/a/{id}")).hasSameHashCodeAs(PathPattern.parse("/a/{id}"));
    assertThat(PathPattern.parse("/a/{id}")).isNotEqualTo(PathPattern.parse("/a/{key}"));
    assertThat(PathPattern.parse("/a/{id}")).hasToString("/a/{id}");
  }
}
