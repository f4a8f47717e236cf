package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.util.JSONArrayUtils;
import dev.portico.config.watch.ReloadOutcome;
import dev.portico.testing.zipkin.ZipkinServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;

/**
 * Distributed tracing end to end: requests through the gateway are exported to a real Zipkin
 * server, and the WireMock upstream shows the trace headers the gateway sent.
 */
class TracingTest {

  private static final Duration EXPORTED = Duration.ofSeconds(30);

  private static ZipkinServer zipkin;
  private static WireMockServer upstream;
  private static int deadPort;
  private static PorticoGateway gateway;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    zipkin = ZipkinServer.start();
    upstream = Upstreams.wiremock();
    deadPort = Upstreams.closedPort();
    gateway = PorticoGateway.start(dir, config(100, "portico", zipkin.spansEndpoint()));
  }

  /** A gateway with an authenticated, rate-limited route, a public one and a dead upstream. */
  static String config(int samplingPercent, String serviceName, String endpoint) throws Exception {
    return """
        gateway:
          tracing:
            enabled: true
            sampling-percent: %1$d
            propagation: [w3c, b3, b3-multi]
            exporter: zipkin
            endpoint: "%2$s"
            service-name: %3$s
        consumers:
          shop: { api-keys: ["sha256:%5$s"] }
        rate-limits:
          per-consumer: { limits: [100/s], burst: 100, key: [consumer] }
        upstreams:
          app: { endpoints: [ { url: "http://127.0.0.1:%4$d" } ] }
          gone: { endpoints: [ { url: "http://127.0.0.1:%6$d" } ] }
        routes:
          - id: orders
            match: { path: /orders/** }
            upstream: app
            auth: { api-key: {} }
            rate-limits: [per-consumer]
          - id: public
            match: { path: /public/** }
            upstream: app
            public: true
          - id: broken
            match: { path: /broken/** }
            upstream: gone
            public: true
            retries: { attempts: 2, on: [connect-failure], backoff: { first: 1ms, max: 2ms } }
        """
        .formatted(
            samplingPercent, endpoint, serviceName, upstream.port(), sha256("shop-key"), deadPort);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (upstream != null) {
      upstream.stop();
    }
    if (zipkin != null) {
      zipkin.close();
    }
  }

  @BeforeEach
  void stubs() {
    upstream.resetAll();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
  }

  @Test
  void authenticatedRateLimitedRequestIsOneTraceWithServerAuthRateLimitAndUpstreamSpans() {
    get(gateway, "/orders/1", headers -> headers.set("X-Api-Key", "shop-key"), 200);

    LoggedRequest sent = lastUpstreamRequest();
    String traceparent = sent.getHeader("traceparent");
    assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    String traceId = traceparent.substring(3, 35);
    String upstreamParent = traceparent.substring(36, 52);
    assertThat(sent.getHeader("X-B3-TraceId")).isEqualTo(traceId);
    assertThat(sent.getHeader("X-B3-SpanId")).isEqualTo(upstreamParent);
    assertThat(sent.getHeader("X-B3-Sampled")).isEqualTo("1");
    assertThat(sent.getHeader("b3")).isEqualTo(traceId + "-" + upstreamParent + "-1");

    List<Map<String, Object>> spans = awaitTrace(traceId, 4);
    Map<String, Object> server = span(spans, "orders");
    assertThat(server.get("kind")).isEqualTo("SERVER");
    assertThat(server.get("parentId")).isNull();
    assertThat(tags(server))
        .containsEntry("portico.route", "orders")
        .containsEntry("http.request.method", "GET")
        .containsEntry("http.response.status_code", "200");
    assertThat(localService(server)).isEqualTo("portico");

    Map<String, Object> auth = span(spans, "authenticate");
    assertThat(auth.get("parentId")).isEqualTo(server.get("id"));
    assertThat(tags(auth)).containsEntry("portico.auth.outcome", "authenticated");

    Map<String, Object> rateLimit = span(spans, "rate-limit");
    assertThat(rateLimit.get("parentId")).isEqualTo(server.get("id"));
    assertThat(tags(rateLimit)).containsEntry("portico.ratelimit.outcome", "allowed");

    Map<String, Object> client = span(spans, "app");
    assertThat(client.get("kind")).isEqualTo("CLIENT");
    assertThat(client.get("parentId")).isEqualTo(server.get("id"));
    assertThat(client.get("id")).isEqualTo(upstreamParent);
    assertThat(tags(client))
        .containsEntry("portico.upstream", "app")
        .containsEntry("portico.endpoint", "127.0.0.1:" + upstream.port())
        .containsEntry("portico.attempt", "1")
        .containsEntry("http.response.status_code", "200");
  }

  @Test
  void refusedAuthenticationEndsTheTraceWithoutAnUpstreamSpan() {
    String traceId = randomHex(32);
    get(
        gateway,
        "/orders/2",
        headers -> headers.set("traceparent", "00-" + traceId + "-" + randomHex(16) + "-01"),
        401);

    List<Map<String, Object>> spans = awaitTrace(traceId, 2);
    assertThat(tags(span(spans, "orders"))).containsEntry("http.response.status_code", "401");
    assertThat(tags(span(spans, "authenticate"))).containsEntry("portico.auth.outcome", "refused");
    assertThat(spans).extracting(s -> s.get("name")).doesNotContain("app", "rate-limit");
    assertThat(upstream.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void incomingTraceparentIsContinued() {
    String traceId = randomHex(32);
    String callerSpan = randomHex(16);
    get(
        gateway,
        "/public/a",
        headers -> headers.set("traceparent", "00-" + traceId + "-" + callerSpan + "-01"),
        200);

    String traceparent = lastUpstreamRequest().getHeader("traceparent");
    assertThat(traceparent).startsWith("00-" + traceId + "-").doesNotContain(callerSpan);
    List<Map<String, Object>> spans = awaitTrace(traceId, 2);
    Map<String, Object> server = span(spans, "public");
    assertThat(server.get("parentId")).isEqualTo(callerSpan);
    Map<String, Object> client = span(spans, "app");
    assertThat(client.get("parentId")).isEqualTo(server.get("id"));
    assertThat(traceparent.substring(36, 52)).isEqualTo(client.get("id"));
  }

  @Test
  void incomingSingleB3HeaderIsContinued() {
    String traceId = randomHex(32);
    String callerSpan = randomHex(16);
    get(gateway, "/public/b", headers -> headers.set("b3", traceId + "-" + callerSpan + "-1"), 200);

    LoggedRequest sent = lastUpstreamRequest();
    assertThat(sent.getHeader("X-B3-TraceId")).isEqualTo(traceId);
    assertThat(sent.getHeader("b3")).startsWith(traceId + "-").doesNotContain(callerSpan);
    Map<String, Object> server = span(awaitTrace(traceId, 2), "public");
    assertThat(server.get("parentId")).isEqualTo(callerSpan);
  }

  @Test
  void incomingMultiB3HeadersAreContinued() {
    String traceId = randomHex(32);
    String callerSpan = randomHex(16);
    get(
        gateway,
        "/public/c",
        headers -> {
          headers.set("X-B3-TraceId", traceId);
          headers.set("X-B3-SpanId", callerSpan);
          headers.set("X-B3-Sampled", "1");
        },
        200);

    LoggedRequest sent = lastUpstreamRequest();
    assertThat(sent.getHeader("traceparent")).startsWith("00-" + traceId + "-");
    assertThat(sent.getHeader("X-B3-SpanId")).isNotEqualTo(callerSpan);
    Map<String, Object> server = span(awaitTrace(traceId, 2), "public");
    assertThat(server.get("parentId")).isEqualTo(callerSpan);
  }

  @Test
  void unmatchedRequestGetsAServerSpan() {
    String traceId = randomHex(32);
    get(
        gateway,
        "/nowhere",
        headers -> headers.set("traceparent", "00-" + traceId + "-" + randomHex(16) + "-01"),
        404);

    Map<String, Object> server = span(awaitTrace(traceId, 1), "unmatched");
    assertThat(server.get("kind")).isEqualTo("SERVER");
    assertThat(tags(server))
        .containsEntry("http.response.status_code", "404")
        .doesNotContainKey("portico.route");
  }

  @Test
  void eachRetryGetsItsOwnUpstreamSpan() {
    String traceId = randomHex(32);
    get(
        gateway,
        "/broken/x",
        headers -> headers.set("traceparent", "00-" + traceId + "-" + randomHex(16) + "-01"),
        502);

    List<Map<String, Object>> spans = awaitTrace(traceId, 3);
    Map<String, Object> server = span(spans, "broken");
    assertThat(tags(server)).containsEntry("http.response.status_code", "502");
    List<Map<String, Object>> attempts =
        spans.stream().filter(s -> "gone".equals(s.get("name"))).toList();
    assertThat(attempts).hasSize(2);
    assertThat(attempts).allSatisfy(a -> assertThat(a.get("parentId")).isEqualTo(server.get("id")));
    assertThat(attempts)
        .extracting(a -> tags(a).get("portico.attempt"))
        .containsExactlyInAnyOrder("1", "2");
    assertThat(attempts).allSatisfy(a -> assertThat(tags(a)).containsKey("error"));
  }

  @Test
  void samplingZeroExportsNothingButStillPropagatesAndAReloadTurnsItBackOn() throws Exception {
    reload(config(0, "portico", zipkin.spansEndpoint()));
    try {
      get(gateway, "/public/quiet", headers -> {}, 200);
      LoggedRequest quiet = lastUpstreamRequest();
      assertThat(quiet.getHeader("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");
      assertThat(quiet.getHeader("X-B3-Sampled")).isEqualTo("0");
      String quietTrace = quiet.getHeader("traceparent").substring(3, 35);
      // A caller's sampled flag is not trusted by default: the trace continues, unrecorded.
      String forcedTrace = randomHex(32);
      get(
          gateway,
          "/public/forced",
          headers -> headers.set("traceparent", "00-" + forcedTrace + "-" + randomHex(16) + "-01"),
          200);
      assertThat(lastUpstreamRequest().getHeader("traceparent"))
          .startsWith("00-" + forcedTrace)
          .endsWith("-00");

      reload(config(100, "portico", zipkin.spansEndpoint()));
      get(gateway, "/public/loud", headers -> {}, 200);
      String loudTrace = lastUpstreamRequest().getHeader("traceparent").substring(3, 35);
      awaitTrace(loudTrace, 2);

      // Spans are exported in the order they end: the earlier requests' would be there by now.
      assertThat(zipkin.trace(quietTrace)).isNull();
      assertThat(zipkin.trace(forcedTrace)).isNull();
    } finally {
      reload(config(100, "portico", zipkin.spansEndpoint()));
    }
  }

  private static void reload(String yaml) {
    // The file watcher may apply the rewrite before the explicit reload does.
    assertThat(gateway.reload(yaml).result())
        .isIn(ReloadOutcome.Result.APPLIED, ReloadOutcome.Result.UNCHANGED);
  }

  private static void get(
      PorticoGateway target, String path, Consumer<HttpHeaders> headers, int status) {
    target.client().get().uri(path).headers(headers).exchange().expectStatus().isEqualTo(status);
  }

  private static LoggedRequest lastUpstreamRequest() {
    List<LoggedRequest> requests = upstream.findAll(anyRequestedFor(anyUrl()));
    assertThat(requests).isNotEmpty();
    return requests.get(requests.size() - 1);
  }

  /** Waits until Zipkin has at least {@code spans} spans of the trace and returns them. */
  private static List<Map<String, Object>> awaitTrace(String traceId, int spans) {
    return await()
        .atMost(EXPORTED)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> parse(zipkin.trace(traceId)), list -> list.size() >= spans);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> parse(String json) throws ParseException {
    if (json == null) {
      return List.of();
    }
    return JSONArrayUtils.parse(json).stream().map(o -> (Map<String, Object>) o).toList();
  }

  private static Map<String, Object> span(List<Map<String, Object>> spans, String name) {
    List<Map<String, Object>> named =
        spans.stream().filter(s -> name.equals(s.get("name"))).toList();
    assertThat(named).as("spans named %s in %s", name, spans).hasSize(1);
    return named.get(0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> tags(Map<String, Object> span) {
    return (Map<String, Object>) span.getOrDefault("tags", Map.of());
  }

  @SuppressWarnings("unchecked")
  private static String localService(Map<String, Object> span) {
    return (String) ((Map<String, Object>) span.get("localEndpoint")).get("serviceName");
  }

  private static String randomHex(int length) {
    byte[] bytes = new byte[length / 2];
    ThreadLocalRandom.current().nextBytes(bytes);
    bytes[0] |= 1; // never all zeros, which the formats reserve as invalid
    return HexFormat.of().formatHex(bytes);
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
