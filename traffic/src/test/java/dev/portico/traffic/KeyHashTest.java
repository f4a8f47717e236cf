package dev.portico.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyHashTest {

  /** Expected values from the reference C implementation (libxxhash 0.8.1, XXH64). */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|0|EF46DB3751D8E999",
        "a|0|D24EC4F1A98C6E5B",
        "abc|0|44BC2CF5AD770999",
        "abc|12345|01700E64F6F23509",
        "0123456789abcdef0123456789abcde|0|1FDFC63FEBACFDE7",
        "0123456789abcdef0123456789abcdef|0|642A94958E71E6C5",
        "0123456789abcdef0123456789abcdef0|0|E87684F08D6D0816",
        "The quick brown fox jumps over the lazy dog|0|0B242D361FDA71BC",
        "héllo wörld ☃ 😀 0123456789abcdef0123456789|7|7C404B73F4E3644D",
        "session=😀😀😀😀😀😀😀😀😀|0|D8EEF572DBE72C5B",
        "éabcdef0123456789abcdefXYZ|0|5341B3E78A715054",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx|0|92F0DE5A88A3C094",
      })
  void matchesReferenceXxHash64OfTheUtf8Bytes(String key, long seed, String expectedHex) {
    assertThat(KeyHash.hash(key, seed)).isEqualTo(Long.parseUnsignedLong(expectedHex, 16));
  }

  @Test
  void randomMixedTextHashesLikeTheReferenceOverItsUtf8Bytes() {
    SplittableRandom random = new SplittableRandom(11);
    String alphabet = "abcXYZ019-_/ éüß€☃中\uD83D\uDE00";
    for (int n = 0; n < 2_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(80);
      while (text.length() < length) {
        int pick = random.nextInt(alphabet.length() - 1);
        char c = alphabet.charAt(pick);
        text.append(c);
        if (Character.isHighSurrogate(c)) {
          text.append(alphabet.charAt(pick + 1));
        }
      }
      String key = text.toString();
      long seed = random.nextLong();
      assertThat(KeyHash.hash(key, seed))
          .as(key)
          .isEqualTo(ReferenceXxHash64.hash(key.getBytes(StandardCharsets.UTF_8), seed));
    }
  }

  @Test
  void unpairedSurrogateHashesAsQuestionMarkLikeStringGetBytes() {
    assertThat(KeyHash.hash("a\ud800b")).isEqualTo(0x53E3784ECD1A8F5FL);
    assertThat(KeyHash.hash("a\ud800b")).isEqualTo(KeyHash.hash("a?b"));
  }

  @Test
  void anyCharSequenceHashesLikeTheEqualString() {
    StringBuilder builder = new StringBuilder("user-").append(42).append("-é");
    assertThat(KeyHash.hash(builder)).isEqualTo(KeyHash.hash(builder.toString()));
  }

  @Test
  void differentSeedsGiveUnrelatedHashes() {
    assertThat(KeyHash.hash("endpoint-1", 1)).isNotEqualTo(KeyHash.hash("endpoint-1", 2));
  }

  @Test
  void mixIsABijectionOnSampledValues() {
    SplittableRandom random = new SplittableRandom(1);
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      seen.add(KeyHash.mix(random.nextLong()));
    }
    assertThat(seen).hasSize(100_000);
  }

  @Test
  void unitIntervalStaysInsideZeroToOne() {
    assertThat(KeyHash.unitInterval(0)).isEqualTo(0.0);
    assertThat(KeyHash.unitInterval(-1L)).isLessThan(1.0).isGreaterThan(0.999_999);
  }
}
