package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.testing.redis.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Portico instances sharing one real redis-server: together they admit exactly the configured
 * number under concurrent load; when Redis is killed each failure mode behaves as configured (no
 * 5xx in open and local); when it is back, limits are shared again. The fault tests run last, in
 * order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisRateLimitTest {

  static RedisServer redis;
  static WireMockServer upstream;
  static PorticoGateway first;
  static PorticoGateway second;
  static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static String config(int redisPort, int upstreamPort) {
    return """
        gateway:
          trusted-proxies: [127.0.0.1/32]
          rate-limiting:
            store: redis
            replicas: 2
            redis: { nodes: ["redis://127.0.0.1:%1$d"], timeout: 250ms }
        rate-limits:
          shared: { limits: [40/h], burst: 40, key: [header:X-User] }
          fail-open: { limits: [2/h], burst: 2, key: [header:X-User], on-store-failure: open }
          fail-closed: { limits: [100/h], burst: 100, key: [header:X-User], on-store-failure: closed }
          fail-local: { limits: [10/h], burst: 10, key: [header:X-User], on-store-failure: local }
        upstreams:
          app: { endpoints: [ { url: "http://127.0.0.1:%2$d" } ] }
        routes:
          - { id: shared, match: { path: /shared/** }, upstream: app, public: true, rate-limits: [shared] }
          - { id: open, match: { path: /open/** }, upstream: app, public: true, rate-limits: [fail-open] }
          - { id: closed, match: { path: /closed/** }, upstream: app, public: true, rate-limits: [fail-closed] }
          - { id: local, match: { path: /local/** }, upstream: app, public: true, rate-limits: [fail-local] }
        """
        .formatted(redisPort, upstreamPort);
  }

  @BeforeAll
  static void start(@TempDir Path firstDir, @TempDir Path secondDir) {
    redis = RedisServer.startStandalone();
    upstream = Upstreams.wiremock();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    first = PorticoGateway.start(firstDir, config(redis.port(), upstream.port()));
    second = PorticoGateway.start(secondDir, config(redis.port(), upstream.port()));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> metric(first, "portico_ratelimit_store_up{store=\"redis\"}") == 1.0);
  }

  @AfterAll
  static void stop() {
    for (PorticoGateway gateway : new PorticoGateway[] {first, second}) {
      if (gateway != null) {
        gateway.close();
      }
    }
    upstream.stop();
    redis.close();
  }

  static HttpResponse<String> get(PorticoGateway gateway, String path, String user) {
    return send(gateway, path, user).join();
  }

  static CompletableFuture<HttpResponse<String>> send(
      PorticoGateway gateway, String path, String user) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
            .header("X-User", user)
            .timeout(Duration.ofSeconds(20))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  static double metric(PorticoGateway gateway, String series) {
    String body =
        http.sendAsync(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + gateway.managementPort()
                                + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .join()
            .body();
    return body.lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
        .findFirst()
        .orElse(Double.NaN);
  }

  static Map<Integer, Long> statuses(List<HttpResponse<String>> responses) {
    return responses.stream()
        .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
  }

  @Test
  @Order(1)
  void twoGatewaysUnderConcurrentLoadAdmitExactlyTheSharedLimit() {
    List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      pending.add(send(i % 2 == 0 ? first : second, "/shared/x", "alice"));
    }
    List<HttpResponse<String>> responses = pending.stream().map(CompletableFuture::join).toList();

    assertThat(statuses(responses)).containsOnlyKeys(200, 429).containsEntry(200, 40L);
    HttpResponse<String> refused =
        responses.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
    assertThat(refused.headers().firstValue("RateLimit-Policy"))
        .hasValue("\"shared:40/h\";q=40;w=3600");
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.body()).contains("https://portico.dev/problems/rate-limited");
  }

  @Test
  @Order(2)
  void eachGatewaySeesTheOthersRequests() {
    for (int i = 0; i < 2; i++) {
      assertThat(get(first, "/open/x", "bob").statusCode()).isEqualTo(200);
    }
    assertThat(get(second, "/open/x", "bob").statusCode()).isEqualTo(429);
  }

  @Test
  @Order(3)
  void withRedisKilledOpenAdmitsClosedRefusesWith503AndLocalEnforcesItsShare() {
    // Warm the local share: 3 of this gateway's requests go through Redis first.
    for (int i = 0; i < 3; i++) {
      assertThat(get(first, "/local/x", "carol").statusCode()).isEqualTo(200);
    }
    redis.kill();

    List<HttpResponse<String>> open = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      open.add(get(first, "/open/x", "dave"));
    }
    assertThat(statuses(open)).containsOnlyKeys(200);

    HttpResponse<String> closed = get(first, "/closed/x", "erin");
    assertThat(closed.statusCode()).isEqualTo(503);
    assertThat(closed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(closed.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(closed.body()).contains("https://portico.dev/problems/rate-limit-store-unavailable");

    // 10/h across 2 replicas: this gateway's share is 5, and it already saw 3.
    List<HttpResponse<String>> local = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      local.add(get(first, "/local/x", "carol"));
    }
    assertThat(statuses(local)).containsOnlyKeys(200, 429).containsEntry(200, 2L);
    assertThat(local.get(7).headers().firstValue("RateLimit-Policy"))
        .hasValue("\"fail-local:5/h\";q=5;w=3600");

    assertThat(metric(first, "portico_ratelimit_store_up{store=\"redis\"}")).isEqualTo(0.0);
    assertThat(
            metric(first, "portico_ratelimit_store_fallbacks_total{mode=\"open\",store=\"redis\"}"))
        .isEqualTo(10.0);
    assertThat(
            metric(
                first, "portico_ratelimit_store_fallbacks_total{mode=\"local\",store=\"redis\"}"))
        .isEqualTo(8.0);
    assertThat(metric(first, "portico_ratelimit_store_outages_total{store=\"redis\"}"))
        .isEqualTo(1.0);
  }

  @Test
  @Order(4)
  void whenRedisIsBackBothGatewaysShareLimitsAgain() {
    redis.start();
    Function<PorticoGateway, Boolean> answering =
        gateway ->
            get(gateway, "/shared/x", "probe-" + gateway.port()).statusCode() == 200
                && metric(gateway, "portico_ratelimit_store_up{store=\"redis\"}") == 1.0;
    await().atMost(Duration.ofSeconds(20)).until(() -> answering.apply(first));
    await().atMost(Duration.ofSeconds(20)).until(() -> answering.apply(second));

    for (int i = 0; i < 2; i++) {
      assertThat(get(second, "/open/x", "frank").statusCode()).isEqualTo(200);
    }
    assertThat(get(first, "/open/x", "frank").statusCode()).isEqualTo(429);
  }
}
