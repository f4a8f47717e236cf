package dev.portico.auth.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.testing.MutableClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CookieChunksTest {

  private final MutableClock clock = new MutableClock(SessionCodecTest.NOW);
  private final SessionCodec codec =
      new SessionCodec(SessionCodecTest.SECRET, clock, new SplittableRandom(9));

  /** A session whose claims push the sealed value well past one cookie. */
  private BrowserSession largeSession() {
    Map<String, Object> claims = new LinkedHashMap<>();
    for (int i = 0; i < 120; i++) {
      claims.put("claim_" + i, "value-" + "x".repeat(40) + i);
    }
    return SessionCodecTest.session(SessionCodecTest.NOW.plus(Duration.ofHours(1)), claims);
  }

  @Test
  void valueThatFitsIsOneCookieUnderItsOwnName() {
    Map<String, String> cookies = CookieChunks.split("PORTICO_SESSION", "abc");

    assertThat(cookies).containsExactly(Map.entry("PORTICO_SESSION", "abc"));
    assertThat(CookieChunks.join("PORTICO_SESSION", cookies::get)).contains("abc");
  }

  @Test
  void valueOfExactlyOneChunkIsNotSplit() {
    String value = "v".repeat(CookieChunks.MAX_CHUNK);

    assertThat(CookieChunks.split("S", value)).containsOnlyKeys("S");
    assertThat(CookieChunks.split("S", value + "v")).containsOnlyKeys("S.0", "S.1");
  }

  @Test
  void largeSealedSessionIsSplitIntoNumberedCookiesAndReassembled() {
    BrowserSession session = largeSession();
    String sealed = codec.seal(session);

    Map<String, String> cookies = CookieChunks.split("PORTICO_SESSION", sealed);

    assertThat(sealed.length()).isGreaterThan(2 * CookieChunks.MAX_CHUNK);
    assertThat(cookies.keySet())
        .startsWith("PORTICO_SESSION.0", "PORTICO_SESSION.1", "PORTICO_SESSION.2")
        .doesNotContain("PORTICO_SESSION");
    assertThat(cookies.values()).allSatisfy(v -> assertThat(v.length()).isLessThanOrEqualTo(3800));
    String joined = CookieChunks.join("PORTICO_SESSION", cookies::get).orElseThrow();
    assertThat(codec.openSession(joined)).contains(session);
  }

  @Test
  void missingMiddlePieceMakesTheSessionFailToOpen() {
    Map<String, String> cookies =
        new HashMap<>(CookieChunks.split("PORTICO_SESSION", codec.seal(largeSession())));
    cookies.remove("PORTICO_SESSION.1");

    String joined = CookieChunks.join("PORTICO_SESSION", cookies::get).orElseThrow();

    assertThat(codec.openSession(joined)).isEmpty();
  }

  @Test
  void swappedPiecesMakeTheSessionFailToOpen() {
    Map<String, String> cookies =
        new HashMap<>(CookieChunks.split("PORTICO_SESSION", codec.seal(largeSession())));
    String first = cookies.get("PORTICO_SESSION.0");
    cookies.put("PORTICO_SESSION.0", cookies.get("PORTICO_SESSION.1"));
    cookies.put("PORTICO_SESSION.1", first);

    String joined = CookieChunks.join("PORTICO_SESSION", cookies::get).orElseThrow();

    assertThat(codec.openSession(joined)).isEmpty();
  }

  @Test
  void noCookieJoinsToEmpty() {
    assertThat(CookieChunks.join("PORTICO_SESSION", name -> null)).isEmpty();
  }

  @Test
  void tooManyPiecesAreRefused() {
    assertThatThrownBy(() -> CookieChunks.split("S", "v".repeat(17 * 10), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("17 pieces");
  }

  @Test
  void belongsToMatchesTheNameAndItsNumberedPiecesOnly() {
    assertThat(CookieChunks.belongsTo("S", "S")).isTrue();
    assertThat(CookieChunks.belongsTo("S", "S.0")).isTrue();
    assertThat(CookieChunks.belongsTo("S", "S.15")).isTrue();
    assertThat(CookieChunks.belongsTo("S", "S.x")).isFalse();
    assertThat(CookieChunks.belongsTo("S", "S.")).isFalse();
    assertThat(CookieChunks.belongsTo("S", "SX")).isFalse();
    assertThat(CookieChunks.allNames("S")).hasSize(17).startsWith("S", "S.0").endsWith("S.15");
  }
}
