package dev.portico.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

  private static final List<String> KEYS =
      List.of("listen", "management", "locality", "trusted-proxies", "upstream-pool");

  @Test
  void suggestsTheClosestKnownWord() {
    assertThat(Suggestions.closest("listn", KEYS)).contains("listen");
    assertThat(Suggestions.closest("upstream-pol", KEYS)).contains("upstream-pool");
  }

  @Test
  void countsAnAdjacentTranspositionAsOneEdit() {
    assertThat(Suggestions.distance("wieght", "weight")).isEqualTo(1);
    assertThat(Suggestions.closest("wieght", List.of("url", "weight", "zone"))).contains("weight");
  }

  @Test
  void ignoresCase() {
    assertThat(Suggestions.closest("LISTEN", KEYS)).contains("listen");
  }

  @Test
  void suggestsNothingWhenNoWordIsClose() {
    assertThat(Suggestions.closest("tls", KEYS)).isEmpty();
    assertThat(Suggestions.closest("balancer", List.of("endpoints"))).isEmpty();
  }

  @Test
  void allowsTwoEditsForShortWordsAndAThirdOfTheLengthForLongOnes() {
    assertThat(Suggestions.closest("ab", List.of("abcd"))).contains("abcd");
    assertThat(Suggestions.closest("ab", List.of("abcde"))).isEmpty();
    assertThat(Suggestions.closest("abcdefghijkl", List.of("abcdefghWXYZ"))).isPresent();
    assertThat(Suggestions.closest("abcdefghijkl", List.of("abcdefgVWXYZ"))).isEmpty();
  }

  @Test
  void firstCandidateWinsATie() {
    assertThat(Suggestions.closest("ab", List.of("ac", "ad"))).contains("ac");
  }

  @Test
  void suggestsNothingFromAnEmptyVocabulary() {
    assertThat(Suggestions.closest("orders", List.of())).isEmpty();
  }

  @Test
  void distanceIsTheNumberOfEdits() {
    assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggestions.distance("same", "same")).isZero();
  }
}
