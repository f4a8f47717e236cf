package dev.portico.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StickyBalancerTest {

  private static final List<TestEndpoint> ENDPOINTS =
      List.of(TestEndpoint.of("a", 1), TestEndpoint.of("b", 1), TestEndpoint.of("c", 1));
  private final StickyCookieCodec<TestEndpoint> codec =
      StickyCookieCodec.of(
          "a-secret-of-32-bytes-for-testing".getBytes(StandardCharsets.US_ASCII),
          "svc",
          ENDPOINTS,
          TestEndpoint::id);
  private final StickyBalancer<TestEndpoint> sticky =
      new StickyBalancer<>(codec, Balancer.roundRobin(ENDPOINTS, TestEndpoint::weight));

  @Test
  void healthyPinIsHonouredWithoutSettingTheCookieAgain() {
    TestEndpoint c = ENDPOINTS.get(2);
    var choice = sticky.choose(codec.encode(c), 0, e -> true);
    assertThat(choice.endpoint()).isSameAs(c);
    assertThat(choice.setCookie()).isFalse();
  }

  @Test
  void requestWithoutCookieIsPinnedByTheFallback() {
    var choice = sticky.choose(null, 0, e -> true);
    assertThat(choice.endpoint()).isNotNull();
    assertThat(choice.setCookie()).isTrue();
    assertThat(codec.decode(choice.cookieValue())).isSameAs(choice.endpoint());
  }

  @Test
  void pinToAnUnacceptableEndpointIsReplaced() {
    TestEndpoint c = ENDPOINTS.get(2);
    var choice = sticky.choose(codec.encode(c), 0, e -> !e.equals(c));
    assertThat(choice.endpoint()).isNotEqualTo(c);
    assertThat(choice.setCookie()).isTrue();
    assertThat(choice.cookieValue()).isEqualTo(codec.encode(choice.endpoint()));
  }

  @Test
  void tamperedCookieIsTreatedAsNoCookie() {
    var choice = sticky.choose("AAAAAAAAAAAAAAAAAAAAAA", 0, e -> true);
    assertThat(choice.setCookie()).isTrue();
  }

  @Test
  void nothingAcceptableGivesNoEndpointAndNoCookie() {
    var choice = sticky.choose(codec.encode(ENDPOINTS.get(0)), 0, e -> false);
    assertThat(choice.endpoint()).isNull();
    assertThat(choice.setCookie()).isFalse();
  }
}
