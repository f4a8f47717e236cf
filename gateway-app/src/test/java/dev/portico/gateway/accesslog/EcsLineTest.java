package dev.portico.gateway.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EcsLineTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static AccessEvent routed() {
    AccessEvent e = new AccessEvent();
    e.timestamp = Instant.parse("2026-11-27T16:10:00.123Z");
    e.durationNanos = 12_345_678;
    e.outcome = AccessEvent.Outcome.SUCCESS;
    e.requestId = "req-1";
    e.traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    e.spanId = "00f067aa0ba902b7";
    e.method = "POST";
    e.path = "/orders/42";
    e.query = "access_token=REDACTED&x=1";
    e.httpVersion = "1.1";
    e.userAgent = "curl/8.5";
    e.requestBytes = 17;
    e.status = 201;
    e.responseBytes = 2;
    e.clientIp = "203.0.113.7";
    e.sourceIp = "10.0.0.2";
    e.sourcePort = 51234;
    e.routeId = "orders";
    e.userName = "alice";
    e.authKind = "jwt";
    e.issuer = "corp";
    e.upstreamName = "orders";
    e.upstreamUrl = "http://127.0.0.1:8081";
    e.destinationAddress = "127.0.0.1";
    e.destinationPort = 8081;
    e.upstreamNanos = 5_000_000L;
    e.attempts = 1;
    return e;
  }

  @Test
  void aRoutedRequestHasEveryEcsField() {
    JsonNode line = JSON.readTree(EcsLine.format(routed()));

    assertThat(line.path("@timestamp").asString()).isEqualTo("2026-11-27T16:10:00.123Z");
    assertThat(line.at("/ecs/version").asString()).isEqualTo(EcsLine.ECS_VERSION);
    assertThat(line.at("/event/kind").asString()).isEqualTo("event");
    assertThat(line.at("/event/category/0").asString()).isEqualTo("web");
    assertThat(line.at("/event/type/0").asString()).isEqualTo("access");
    assertThat(line.at("/event/outcome").asString()).isEqualTo("success");
    assertThat(line.at("/event/duration").asLong()).isEqualTo(12_345_678);
    assertThat(line.at("/trace/id").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(line.at("/span/id").asString()).isEqualTo("00f067aa0ba902b7");
    assertThat(line.at("/http/version").asString()).isEqualTo("1.1");
    assertThat(line.at("/http/request/id").asString()).isEqualTo("req-1");
    assertThat(line.at("/http/request/method").asString()).isEqualTo("POST");
    assertThat(line.at("/http/request/body/bytes").asLong()).isEqualTo(17);
    assertThat(line.at("/http/response/status_code").asInt()).isEqualTo(201);
    assertThat(line.at("/http/response/body/bytes").asLong()).isEqualTo(2);
    assertThat(line.at("/url/path").asString()).isEqualTo("/orders/42");
    assertThat(line.at("/url/query").asString()).isEqualTo("access_token=REDACTED&x=1");
    assertThat(line.at("/client/ip").asString()).isEqualTo("203.0.113.7");
    assertThat(line.at("/source/ip").asString()).isEqualTo("10.0.0.2");
    assertThat(line.at("/source/port").asInt()).isEqualTo(51234);
    assertThat(line.at("/destination/address").asString()).isEqualTo("127.0.0.1");
    assertThat(line.at("/destination/port").asInt()).isEqualTo(8081);
    assertThat(line.at("/user_agent/original").asString()).isEqualTo("curl/8.5");
    assertThat(line.at("/user/name").asString()).isEqualTo("alice");
    assertThat(line.at("/portico/route/id").asString()).isEqualTo("orders");
    assertThat(line.at("/portico/auth/kind").asString()).isEqualTo("jwt");
    assertThat(line.at("/portico/auth/issuer").asString()).isEqualTo("corp");
    assertThat(line.at("/portico/upstream/name").asString()).isEqualTo("orders");
    assertThat(line.at("/portico/upstream/url").asString()).isEqualTo("http://127.0.0.1:8081");
    assertThat(line.at("/portico/upstream/duration").asLong()).isEqualTo(5_000_000);
    assertThat(line.at("/portico/upstream/attempts").asInt()).isEqualTo(1);
  }

  @Test
  void aLineIsOneLineWhateverTheValuesContain() {
    AccessEvent e = routed();
    e.path = "/a\"b\\c\nd\u0000e\u2028f";
    e.userAgent = "evil\r\n{\"injected\":true}\t";

    String text = EcsLine.format(e);
    JsonNode line = JSON.readTree(text);

    assertThat(text).doesNotContain("\n", "\r", "\u2028").doesNotContainPattern("\\p{Cntrl}");
    assertThat(line.at("/url/path").asString()).isEqualTo("/a\"b\\c\nd\u0000e\u2028f");
    assertThat(line.at("/user_agent/original").asString())
        .isEqualTo("evil\r\n{\"injected\":true}\t");
    assertThat(line.has("injected")).isFalse();
  }

  @Test
  void anUnmatchedRequestLeavesOutWhatItDoesNotHave() {
    AccessEvent e = new AccessEvent();
    e.timestamp = Instant.EPOCH;
    e.method = "GET";
    e.path = "/nowhere";
    e.status = 404;
    e.outcome = AccessEvent.Outcome.SUCCESS;
    e.problemType = "https://portico.dev/problems/no-route";

    JsonNode line = JSON.readTree(EcsLine.format(e));

    assertThat(line.has("trace")).isFalse();
    assertThat(line.has("span")).isFalse();
    assertThat(line.has("user")).isFalse();
    assertThat(line.has("user_agent")).isFalse();
    assertThat(line.has("destination")).isFalse();
    assertThat(line.at("/url").has("query")).isFalse();
    assertThat(line.at("/http").has("version")).isFalse();
    assertThat(line.at("/portico").has("route")).isFalse();
    assertThat(line.at("/portico").has("upstream")).isFalse();
    assertThat(line.at("/portico/problem/type").asString())
        .isEqualTo("https://portico.dev/problems/no-route");
    assertThat(line.at("/http/response/status_code").asInt()).isEqualTo(404);
  }

  @Test
  void aResponseThatNeverCompletedHasNoStatusAndAnUnknownOutcome() {
    AccessEvent e = routed();
    e.status = 0;
    e.outcome = AccessEvent.Outcome.UNKNOWN;

    JsonNode line = JSON.readTree(EcsLine.format(e));

    assertThat(line.at("/http/response").has("status_code")).isFalse();
    assertThat(line.at("/event/outcome").asString()).isEqualTo("unknown");
  }

  @Test
  void apiKeyConsumersAreNamedUnderPorticoAuth() {
    AccessEvent e = routed();
    e.userName = "shop";
    e.consumer = "shop";
    e.authKind = "api-key";
    e.issuer = null;

    JsonNode line = JSON.readTree(EcsLine.format(e));

    assertThat(line.at("/portico/auth/consumer").asString()).isEqualTo("shop");
    assertThat(line.at("/portico/auth/kind").asString()).isEqualTo("api-key");
    assertThat(line.at("/portico/auth").has("issuer")).isFalse();
  }

  @Test
  void httpVersionsAreWrittenTheEcsWay() {
    assertThat(AccessEvents.ecsVersion(1, 1)).isEqualTo("1.1");
    assertThat(AccessEvents.ecsVersion(1, 0)).isEqualTo("1.0");
    assertThat(AccessEvents.ecsVersion(2, 0)).isEqualTo("2");
  }
}
