package dev.portico.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class StickyCookieCodecTest {

  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final List<TestEndpoint> ENDPOINTS =
      List.of(
          new TestEndpoint("orders-1", 1, null, null, "10.0.0.11:8080"),
          new TestEndpoint("orders-2", 1, null, null, "10.0.0.12:8080"));

  private final StickyCookieCodec<TestEndpoint> codec =
      StickyCookieCodec.of(SECRET, "orders", ENDPOINTS, TestEndpoint::id);

  @Test
  void encodedValueDecodesBackToTheSameEndpoint() {
    for (TestEndpoint endpoint : ENDPOINTS) {
      assertThat(codec.decode(codec.encode(endpoint))).isSameAs(endpoint);
    }
  }

  @Test
  void replicasWithTheSameSecretAgreeOnValues() {
    var other = StickyCookieCodec.of(SECRET.clone(), "orders", ENDPOINTS, TestEndpoint::id);
    assertThat(other.encode(ENDPOINTS.get(0))).isEqualTo(codec.encode(ENDPOINTS.get(0)));
  }

  @Test
  void valueRevealsNeitherAddressNorId() {
    String value = codec.encode(ENDPOINTS.get(0));
    String decoded = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.ISO_8859_1);
    assertThat(value).hasSize(22).doesNotContain("10.0.0").doesNotContain("orders");
    assertThat(decoded).doesNotContain("10.0.0").doesNotContain("orders");
  }

  @Test
  void tamperedValueIsRejected() {
    String value = codec.encode(ENDPOINTS.get(0));
    char last = value.charAt(value.length() - 1);
    String tampered = value.substring(0, value.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertThat(codec.decode(tampered)).isNull();
  }

  @Test
  void nonCanonicalSpellingOfAValidValueIsRejected() {
    String value = codec.encode(ENDPOINTS.get(0));
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int last = alphabet.indexOf(value.charAt(21));
    // the last character's low 4 bits are padding; setting one decodes to the same 16 bytes
    String variant = value.substring(0, 21) + alphabet.charAt(last | 1);
    assertThat(variant).isNotEqualTo(value);
    assertThat(Base64.getUrlDecoder().decode(variant))
        .isEqualTo(Base64.getUrlDecoder().decode(value));
    assertThat(codec.decode(variant)).isNull();
  }

  @Test
  void valueOfAnEndpointThatLeftIsRejected() {
    String value = codec.encode(ENDPOINTS.get(1));
    var smaller = StickyCookieCodec.of(SECRET, "orders", ENDPOINTS.subList(0, 1), TestEndpoint::id);
    assertThat(smaller.decode(value)).isNull();
  }

  @Test
  void valueFromAnotherUpstreamOrSecretIsRejected() {
    String value = codec.encode(ENDPOINTS.get(0));
    var otherScope = StickyCookieCodec.of(SECRET, "billing", ENDPOINTS, TestEndpoint::id);
    byte[] otherSecret = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    var otherKey = StickyCookieCodec.of(otherSecret, "orders", ENDPOINTS, TestEndpoint::id);
    assertThat(otherScope.decode(value)).isNull();
    assertThat(otherKey.decode(value)).isNull();
  }

  @Test
  void malformedValuesAreRejected() {
    assertThat(codec.decode(null)).isNull();
    assertThat(codec.decode("")).isNull();
    assertThat(codec.decode("not base64 at all!!!!!")).isNull();
    assertThat(codec.decode(codec.encode(ENDPOINTS.get(0)) + "A")).isNull();
  }

  @Test
  void shortSecretIsRejected() {
    assertThatThrownBy(() -> StickyCookieCodec.of(new byte[8], "x", ENDPOINTS, TestEndpoint::id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8 bytes (expected at least 16");
  }

  @Test
  void encodingAnEndpointOfAnotherUpstreamIsRejected() {
    assertThatThrownBy(() -> codec.encode(TestEndpoint.of("stranger", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in this upstream");
  }
}
