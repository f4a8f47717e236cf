package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request, upstream and connection-pool meters as Prometheus scrapes them from the management
 * port: per route, method and status class (also for answers the gateway gives itself), per
 * upstream endpoint with error kinds, a dozen latency buckets, and a number of series that does not
 * grow with paths or callers.
 */
class MetricsTest {

  static WireMockServer upstream;
  static int deadPort;
  static PorticoGateway gateway;
  static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start(@TempDir Path dir) {
    upstream = Upstreams.wiremock();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    upstream.stubFor(
        any(urlPathMatching("/orders/broken.*")).willReturn(aResponse().withStatus(500)));
    upstream.stubFor(
        any(urlPathMatching("/slow/.*"))
            .willReturn(aResponse().withStatus(200).withFixedDelay(1_500)));
    deadPort = Upstreams.closedPort();
    gateway =
        PorticoGateway.start(
            dir,
            """
            gateway:
              default-policy: allow
            rate-limits:
              once: { limits: [1/h], burst: 1, key: [route] }
            upstreams:
              app: { endpoints: [ { url: "http://127.0.0.1:%1$d" } ] }
              gone: { endpoints: [ { url: "http://127.0.0.1:%2$d" } ] }
            routes:
              - { id: orders, match: { path: /orders/** }, upstream: app, max-body-size: 10B }
              - { id: slow, match: { path: /slow/** }, upstream: app, timeout: 300ms }
              - { id: slow-ok, match: { path: /patient/** }, upstream: app }
              - { id: gone, match: { path: /gone/** }, upstream: gone }
              - { id: limited, match: { path: /limited/** }, upstream: app, rate-limits: [once] }
              - id: office
                match: { path: /office/** }
                upstream: app
                authorization: { allow: [ { when: "request.ip.startsWith('10.20.')" } ] }
            """
                .formatted(upstream.port(), deadPort));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.stop();
  }

  @Test
  void proxiedRequestsAreCountedByRouteMethodAndStatusClass() {
    double before =
        value("portico_requests_seconds_count", "route=\"orders\",method=\"GET\",status=\"2xx\"");
    assertThat(send("GET", "/orders/1", null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/orders/2", null).statusCode()).isEqualTo(200);
    awaitValue(
        "portico_requests_seconds_count",
        "route=\"orders\",method=\"GET\",status=\"2xx\"",
        before + 2);
  }

  @Test
  void answersOfTheGatewayItselfCarryTheirStatusClass() {
    assertThat(send("GET", "/nowhere", null).statusCode()).isEqualTo(404);
    assertThat(send("POST", "/orders/big", "far more than ten bytes").statusCode()).isEqualTo(413);
    assertThat(send("GET", "/gone/x", null).statusCode()).isEqualTo(502);
    assertThat(send("GET", "/office/x", null).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/limited/x", null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/limited/x", null).statusCode()).isEqualTo(429);

    awaitAtLeast(
        "portico_requests_seconds_count", "route=\"office\",method=\"GET\",status=\"4xx\"", 1);
    awaitValue(
        "portico_requests_seconds_count", "route=\"limited\",method=\"GET\",status=\"2xx\"", 1);
    awaitValue(
        "portico_requests_seconds_count", "route=\"limited\",method=\"GET\",status=\"4xx\"", 1);
    awaitAtLeast(
        "portico_requests_seconds_count", "route=\"unmatched\",method=\"GET\",status=\"4xx\"", 1);
    awaitAtLeast(
        "portico_requests_seconds_count", "route=\"orders\",method=\"POST\",status=\"4xx\"", 1);
    awaitAtLeast(
        "portico_requests_seconds_count", "route=\"gone\",method=\"GET\",status=\"5xx\"", 1);
  }

  @Test
  void upstreamAttemptsAreTimedPerEndpointWithTheirErrorKind() {
    String app = "upstream=\"app\",endpoint=\"http://127.0.0.1:" + upstream.port() + "\"";
    String gone = "upstream=\"gone\",endpoint=\"http://127.0.0.1:" + deadPort + "\"";
    assertThat(send("GET", "/orders/ok", null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/orders/broken", null).statusCode()).isEqualTo(500);
    assertThat(send("GET", "/gone/x", null).statusCode()).isEqualTo(502);
    assertThat(send("GET", "/slow/x", null).statusCode()).isEqualTo(504);

    awaitAtLeast("portico_upstream_requests_seconds_count", app + ",outcome=\"2xx\"", 1);
    awaitAtLeast("portico_upstream_requests_seconds_count", app + ",outcome=\"5xx\"", 1);
    awaitAtLeast("portico_upstream_errors_total", app + ",kind=\"5xx\"", 1);
    awaitAtLeast("portico_upstream_errors_total", gone + ",kind=\"connect_failure\"", 1);
    awaitAtLeast("portico_upstream_errors_total", app + ",kind=\"timeout\"", 1);
    awaitAtLeast("portico_upstream_requests_seconds_count", app + ",outcome=\"timeout\"", 1);
  }

  @Test
  void latencyHistogramHasTheServiceLevelBucketsOnly() {
    send("GET", "/orders/histogram", null);
    awaitAtLeast(
        "portico_requests_seconds_count", "route=\"orders\",method=\"GET\",status=\"2xx\"", 1);
    List<String> buckets =
        scrape()
            .lines()
            .filter(l -> l.startsWith("portico_requests_seconds_bucket{"))
            .filter(l -> l.contains("route=\"orders\"") && l.contains("method=\"GET\""))
            .filter(l -> l.contains("status=\"2xx\""))
            .map(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
            .toList();
    assertThat(buckets)
        .containsExactlyInAnyOrder(
            "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0",
            "+Inf");
  }

  @Test
  void requestsInFlightAreCountedPerRouteUntilTheyEnd() {
    CompletableFuture<HttpResponse<String>> pending = sendAsync("GET", "/patient/x");
    upstream.stubFor(
        any(urlPathMatching("/patient/.*"))
            .willReturn(aResponse().withStatus(200).withFixedDelay(2_000)));
    CompletableFuture<HttpResponse<String>> slow = sendAsync("GET", "/patient/slow");
    awaitAtLeast("portico_requests_active", "route=\"slow-ok\",method=\"GET\"", 1);
    assertThat(slow.join().statusCode()).isEqualTo(200);
    pending.join();
    awaitValue("portico_requests_active", "route=\"slow-ok\",method=\"GET\"", 0);
  }

  @Test
  void numberOfSeriesDoesNotGrowWithDistinctPathsAndCallers() {
    // Warm up every combination the loop below produces, then count the series.
    traffic(5);
    awaitAtLeast(
        "portico_requests_seconds_count", "route=\"unmatched\",method=\"GET\",status=\"4xx\"", 1);
    long before = portico_series();
    List<String> ids = traffic(200);
    awaitAtLeast(
        "portico_requests_seconds_count", "route=\"orders\",method=\"GET\",status=\"2xx\"", 200);
    assertThat(portico_series()).isEqualTo(before);
    String scraped = scrape();
    assertThat(scraped).doesNotContain("user-").doesNotContain("/orders/").doesNotContain("Bearer");
    assertThat(ids).noneMatch(scraped::contains);
  }

  /** Sends {@code requests} pairs of requests with fresh paths, users and tokens; their ids. */
  private static List<String> traffic(int requests) {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < requests; i++) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      String user = "user-" + i;
      for (String path : List.of("/orders/" + id, "/nowhere/" + id + "?q=" + user)) {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("X-User", user)
                .header("Authorization", "Bearer " + id)
                .build();
        send(request);
      }
    }
    return ids;
  }

  private static long portico_series() {
    return scrape().lines().filter(l -> l.startsWith("portico_")).count();
  }

  @Test
  void jvmProcessAndConnectionPoolMetricsArePresentWithoutUriTags() {
    send("GET", "/orders/pool", null);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(scrape())
                    .contains("jvm_memory_used_bytes{")
                    .contains("jvm_threads_live_threads")
                    .contains("process_cpu_usage")
                    .contains("process_uptime_seconds")
                    .contains("reactor_netty_connection_provider_total_connections{")
                    .contains("reactor_netty_connection_provider_pending_connections{")
                    .doesNotContain("uri=\""));
  }

  // ---- helpers

  static HttpResponse<String> send(String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path));
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return send(request.timeout(Duration.ofSeconds(20)).build());
  }

  static HttpResponse<String> send(HttpRequest request) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join();
  }

  static CompletableFuture<HttpResponse<String>> sendAsync(String method, String path) {
    return http.sendAsync(
        HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String scrape() {
    return send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.managementPort() + "/actuator/prometheus"))
            .build())
        .body();
  }

  /** The value of the series {@code name{labels…}} whose labels include {@code labels}, or 0. */
  static double value(String name, String labels) {
    Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{(.*)\\} (\\S+)$");
    double sum = 0;
    for (String l : scrape().lines().toList()) {
      Matcher m = line.matcher(l);
      if (m.matches() && containsAll(m.group(1), labels)) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  private static boolean containsAll(String actual, String expected) {
    for (String label : expected.split(",(?=[a-z_]+=\")")) {
      if (!actual.contains(label)) {
        return false;
      }
    }
    return true;
  }

  static void awaitAtLeast(String name, String labels, double min) {
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(value(name, labels)).isGreaterThanOrEqualTo(min));
  }

  static void awaitValue(String name, String labels, double expected) {
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(value(name, labels)).isEqualTo(expected));
  }
}
