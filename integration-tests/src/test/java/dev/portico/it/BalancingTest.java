package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.config.watch.ReloadOutcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Balancers, session affinity, outlier ejection and zone failover through the assembled gateway,
 * against WireMock endpoints that answer with their own name.
 */
class BalancingTest {

  static final Map<String, WireMockServer> servers = new LinkedHashMap<>();
  static PorticoGateway gateway;
  static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static WireMockServer endpoint(String name, int port) {
    WireMockServer server =
        new WireMockServer(
            (port == 0 ? options().dynamicPort() : options().port(port))
                .bindAddress("127.0.0.1")
                .containerThreads(20));
    server.start();
    int status = name.startsWith("broken") ? 500 : 200;
    int delay = name.equals("slow") ? 400 : 0;
    server.stubFor(
        any(anyUrl())
            .willReturn(aResponse().withStatus(status).withBody(name).withFixedDelay(delay)));
    servers.put(name, server);
    return server;
  }

  static String url(String name) {
    return "http://127.0.0.1:" + servers.get(name).port();
  }

  @BeforeAll
  static void start(@TempDir Path dir) {
    for (String name :
        List.of(
            "a", "b", "c", "slow", "fast-1", "fast-2", "s1", "s2", "s3", "good", "broken", "z1a",
            "z1b", "us", "good-2", "stable", "canary", "h1", "h2", "load-1a", "load-1b")) {
      endpoint(name, 0);
    }
    gateway = PorticoGateway.start(dir, config(20));
  }

  static String config(int canaryWeight) {
    return """
            gateway:
              default-policy: allow
              locality: { region: eu-west, zone: eu-west-1a }
              trusted-proxies: [127.0.0.1/32]
              client-locality: { header: X-Client-Country, regions: { US: us-east } }
            upstreams:
              weighted:
                endpoints: [ { url: "%1$s", weight: 3 }, { url: "%2$s", weight: 1 } ]
              hashed:
                endpoints: [ { url: "%1$s" }, { url: "%2$s" }, { url: "%3$s" } ]
                balancer: { type: maglev, hash-on: "header:X-User" }
              least:
                endpoints: [ { url: "%4$s" }, { url: "%5$s" }, { url: "%6$s" } ]
                balancer: { type: least-request }
              sticky:
                endpoints: [ { url: "%7$s" }, { url: "%8$s" }, { url: "%9$s" } ]
                sticky-cookie: { name: affinity, secret: "0123456789abcdef0123" }
                outlier-detection: { consecutive-connect-failures: 1 }
              flaky:
                endpoints: [ { url: "%10$s" }, { url: "%11$s" } ]
                outlier-detection: { consecutive-5xx: 3, base-ejection-time: 60s }
              zoned:
                endpoints:
                  - { url: "%12$s", region: eu-west, zone: eu-west-1a }
                  - { url: "%13$s", region: eu-west, zone: eu-west-1b }
                  - { url: "%14$s", region: us-east, zone: us-east-1a }
                locality: { failover: [us-east], panic-threshold: 0 }
                outlier-detection:
                  consecutive-connect-failures: 1
                  base-ejection-time: 1s
                  max-ejection-time: 1s
                  max-ejection-percent: 100
              unbudgeted:
                endpoints: [ { url: "http://127.0.0.1:%15$d" }, { url: "%16$s" } ]
                retry-budget: { percent: 0, min-concurrency: 0 }
                outlier-detection: { enabled: false }
              checked:
                endpoints: [ { url: "%21$s" }, { url: "%22$s" } ]
                health-check:
                  path: /healthz
                  interval: 200ms
                  jitter: 20ms
                  timeout: 150ms
                  healthy-threshold: 1
                  unhealthy-threshold: 2
                outlier-detection: { enabled: false }
              zoned-load:
                endpoints:
                  - { url: "%23$s", region: eu-west, zone: eu-west-1a }
                  - { url: "%24$s", region: eu-west, zone: eu-west-1b }
                locality: { panic-threshold: 0 }
                outlier-detection:
                  consecutive-connect-failures: 1
                  base-ejection-time: 1s
                  max-ejection-time: 1s
                  max-ejection-percent: 100
              stable: { endpoints: [ { url: "%17$s" } ] }
              canary: { endpoints: [ { url: "%18$s" } ] }
            routes:
              - id: zoned-load
                match: { path: /zoned-load/** }
                upstream: zoned-load
                retries: { attempts: 3, on: [connect-failure, reset] }
              - { id: checked, match: { path: /checked/** }, upstream: checked }
              - id: split
                match: { path: /split/** }
                split:
                  upstreams: { stable: %19$d, canary: %20$d }
                  key: "header:X-User"
                  force-header: X-Canary
              - id: unbudgeted
                match: { path: /unbudgeted/** }
                upstream: unbudgeted
                retries: { attempts: 3, on: [connect-failure] }
              - { id: weighted, match: { path: /weighted/** }, upstream: weighted }
              - { id: hashed, match: { path: /hashed/** }, upstream: hashed }
              - { id: least, match: { path: /least/** }, upstream: least }
              - id: sticky
                match: { path: /sticky/** }
                upstream: sticky
                retries: { attempts: 3, on: [connect-failure] }
              - { id: flaky, match: { path: /flaky/** }, upstream: flaky }
              - id: zoned
                match: { path: /zoned/** }
                upstream: zoned
                retries: { attempts: 3, on: [connect-failure] }
            """
        .formatted(
            url("a"),
            url("b"),
            url("c"),
            url("slow"),
            url("fast-1"),
            url("fast-2"),
            url("s1"),
            url("s2"),
            url("s3"),
            url("good"),
            url("broken"),
            url("z1a"),
            url("z1b"),
            url("us"),
            Upstreams.closedPort(),
            url("good-2"),
            url("stable"),
            url("canary"),
            100 - canaryWeight,
            canaryWeight,
            url("h1"),
            url("h2"),
            url("load-1a"),
            url("load-1b"));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    servers.values().forEach(WireMockServer::stop);
  }

  static HttpResponse<String> get(String path, Map<String, String> headers) {
    return send(path, headers).join();
  }

  static CompletableFuture<HttpResponse<String>> send(String path, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
            .timeout(Duration.ofSeconds(20));
    headers.forEach(request::header);
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String servedBy(String path) {
    HttpResponse<String> response = get(path, Map.of());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  @Test
  void roundRobinSplitsByWeightExactly() {
    Map<String, Long> served = new HashMap<>();
    for (int i = 0; i < 8; i++) {
      served.merge(servedBy("/weighted/x"), 1L, Long::sum);
    }
    assertThat(served).containsExactlyInAnyOrderEntriesOf(Map.of("a", 6L, "b", 2L));
  }

  @Test
  void maglevSendsEachUserToOneEndpointAndSpreadsUsers() {
    Set<String> used = new HashSet<>();
    for (int user = 0; user < 30; user++) {
      Set<String> forUser = new HashSet<>();
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> response = get("/hashed/x", Map.of("X-User", "user-" + user));
        assertThat(response.statusCode()).isEqualTo(200);
        forUser.add(response.body());
      }
      assertThat(forUser).hasSize(1);
      used.addAll(forUser);
    }
    assertThat(used).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void leastRequestSendsFewerConcurrentRequestsToTheSlowEndpoint() {
    List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      pending.add(send("/least/x", Map.of()));
    }
    Map<String, Long> served =
        pending.stream()
            .map(CompletableFuture::join)
            .peek(response -> assertThat(response.statusCode()).isEqualTo(200))
            .collect(Collectors.groupingBy(HttpResponse::body, Collectors.counting()));
    assertThat(served.getOrDefault("slow", 0L))
        .isLessThan(served.getOrDefault("fast-1", 0L))
        .isLessThan(served.getOrDefault("fast-2", 0L));
  }

  @Test
  void stickyCookiePinsTheClientAndRePinsWhenItsEndpointDies() {
    HttpResponse<String> first = get("/sticky/x", Map.of());
    String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .startsWith("affinity=")
        .containsIgnoringCase("HttpOnly")
        .doesNotContain("127.0.0.1");
    String pinnedTo = first.body();
    String value = cookie.substring(0, cookie.indexOf(';'));
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> again = get("/sticky/x", Map.of("Cookie", value));
      assertThat(again.body()).isEqualTo(pinnedTo);
      assertThat(again.headers().firstValue("Set-Cookie")).isEmpty();
    }

    servers.get(pinnedTo).stop();
    HttpResponse<String> moved = get("/sticky/x", Map.of("Cookie", value));

    assertThat(moved.statusCode()).isEqualTo(200);
    assertThat(moved.body()).isNotEqualTo(pinnedTo);
    String repinned = moved.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(repinned).startsWith("affinity=").isNotEqualTo(cookie);
    String newValue = repinned.substring(0, repinned.indexOf(';'));
    assertThat(get("/sticky/x", Map.of("Cookie", newValue)).body()).isEqualTo(moved.body());
  }

  @Test
  void anEndpointAnsweringOnly5xxIsEjectedAfterThreeInARow() {
    int errors = 0;
    for (int i = 0; i < 20; i++) {
      errors += get("/flaky/x", Map.of()).statusCode() == 500 ? 1 : 0;
    }
    assertThat(errors).isEqualTo(3);
    assertThat(servers.get("broken").findAll(anyRequestedFor(anyUrl()))).hasSize(3);
    assertThat(metric("portico_upstream_ejections_total{upstream=\"flaky\"}")).isEqualTo(1.0);
    assertThat(
            metric(
                "portico_upstream_endpoint_ejected{endpoint=\""
                    + url("broken")
                    + "\",upstream=\"flaky\"}"))
        .isEqualTo(1.0);
  }

  @Test
  void withoutRoomInTheRetryBudgetAConnectFailureIsNotRetried() {
    Map<Integer, Long> statuses = new HashMap<>();
    for (int i = 0; i < 4; i++) {
      statuses.merge(get("/unbudgeted/x", Map.of()).statusCode(), 1L, Long::sum);
    }
    // Round-robin alternates the dead and the live endpoint; the dead one's attempts are not
    // retried, so half the requests fail.
    assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(200, 2L, 502, 2L));
    assertThat(metric("portico_upstream_retries_refused_total{upstream=\"unbudgeted\"}"))
        .isEqualTo(2.0);
  }

  static double metric(String series) {
    return RedisRateLimitTest.metric(gateway, series);
  }

  @Test
  void zoneFailoverGoesToTheOtherZoneThenTheFailoverRegionAndBack() {
    for (int i = 0; i < 5; i++) {
      assertThat(servedBy("/zoned/x")).isEqualTo("z1a");
    }
    int z1aPort = servers.get("z1a").port();
    servers.get("z1a").stop();
    for (int i = 0; i < 5; i++) {
      assertThat(servedBy("/zoned/x")).isEqualTo("z1b");
    }
    int z1bPort = servers.get("z1b").port();
    servers.get("z1b").stop();
    for (int i = 0; i < 5; i++) {
      assertThat(servedBy("/zoned/x")).isEqualTo("us");
    }

    endpoint("z1a", z1aPort);
    endpoint("z1b", z1bPort);
    // Ejections last 1 s; then the local zone takes the traffic again.
    await().atMost(Duration.ofSeconds(15)).until(() -> servedBy("/zoned/x").equals("z1a"));
  }

  static String bucketOf(int user) {
    return get("/split/x", Map.of("X-User", "user-" + user)).body();
  }

  @Test
  void aSplitKeepsEachUserInOneBucketInProportionAndMovesOnlyWhomItMustOnReload() {
    Map<Integer, String> before = new HashMap<>();
    for (int user = 0; user < 300; user++) {
      before.put(user, bucketOf(user));
      assertThat(bucketOf(user)).isEqualTo(before.get(user));
    }
    long canaries = before.values().stream().filter("canary"::equals).count();
    assertThat(canaries).isBetween(36L, 84L); // 20% of 300 = 60, within 8 points

    assertThat(gateway.reload(config(40)).result()).isEqualTo(ReloadOutcome.Result.APPLIED);

    Map<Integer, String> after = new HashMap<>();
    for (int user = 0; user < 300; user++) {
      after.put(user, bucketOf(user));
    }
    // Every canary user is still a canary user; some stable users moved; none moved back.
    before.forEach(
        (user, bucket) -> {
          if (bucket.equals("canary")) {
            assertThat(after.get(user)).isEqualTo("canary");
          }
        });
    long canariesAfter = after.values().stream().filter("canary"::equals).count();
    assertThat(canariesAfter).isGreaterThan(canaries).isBetween(84L, 156L);
    assertThat(gateway.reload(config(20)).result()).isEqualTo(ReloadOutcome.Result.APPLIED);
  }

  @Test
  void theForceHeaderPicksTheBucket() {
    for (int user = 0; user < 20; user++) {
      String id = "forced-" + user;
      assertThat(get("/split/x", Map.of("X-User", id, "X-Canary", "always")).body())
          .isEqualTo("canary");
      assertThat(get("/split/x", Map.of("X-User", id, "X-Canary", "never")).body())
          .isEqualTo("stable");
      assertThat(get("/split/x", Map.of("X-User", id, "X-Canary", "stable")).body())
          .isEqualTo("stable");
    }
  }

  @Test
  void anEndpointFailingItsActiveHealthCheckGetsNoTrafficUntilItPassesAgain() {
    servers
        .get("h1")
        .stubFor(
            com.github.tomakehurst.wiremock.client.WireMock.get("/healthz")
                .willReturn(aResponse().withStatus(503)));
    // h1 still answers requests; only its health check fails, so only active checks can tell.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                metric(
                        "portico_upstream_endpoint_healthy{endpoint=\""
                            + url("h1")
                            + "\",upstream=\"checked\"}")
                    == 0.0);
    for (int i = 0; i < 10; i++) {
      assertThat(servedBy("/checked/x")).isEqualTo("h2");
    }

    servers
        .get("h1")
        .stubFor(
            com.github.tomakehurst.wiremock.client.WireMock.get("/healthz")
                .willReturn(aResponse().withStatus(200)));
    await().atMost(Duration.ofSeconds(10)).until(() -> servedBy("/checked/x").equals("h1"));
    assertThat(servers.get("h1").findAll(getRequestedFor(urlEqualTo("/healthz")))).isNotEmpty();
  }

  @Test
  void aCallerInTheFailoverRegionIsServedThereWhenATrustedProxySaysSo() {
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> fromUs = get("/zoned/x", Map.of("X-Client-Country", "US"));
      assertThat(fromUs.body()).isEqualTo("us");
      HttpResponse<String> unmapped = get("/zoned/x", Map.of("X-Client-Country", "BR"));
      assertThat(unmapped.body()).isEqualTo("z1a");
    }
  }

  @Test
  void killingTheLocalZoneUnderLoadFailsOverWithinTheRetryBudgetAndComesBack() throws Exception {
    int workers = 8;
    int perWorker = 120;
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger failedLater = new AtomicInteger();
    Map<String, AtomicInteger> servedAfterKill = new ConcurrentHashMap<>();
    int killAt = workers * perWorker / 3;
    List<String> failures = new CopyOnWriteArrayList<>();
    int localPort = servers.get("load-1a").port();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perWorker; i++) {
                    int n = sent.incrementAndGet();
                    if (n == killAt) {
                      servers.get("load-1a").stop();
                    }
                    HttpResponse<String> response;
                    try {
                      response = get("/zoned-load/x", Map.of());
                    } catch (RuntimeException cut) {
                      // A response already streaming from the killed endpoint is cut off.
                      response = null;
                    }
                    if (response == null || response.statusCode() != 200) {
                      failed.incrementAndGet();
                      failures.add(
                          n + ": " + (response == null ? "cut off" : response.statusCode()));
                      if (n > killAt + workers) {
                        failedLater.incrementAndGet();
                      }
                    } else if (n > killAt) {
                      servedAfterKill
                          .computeIfAbsent(response.body(), k -> new AtomicInteger())
                          .incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    // Requests in flight on the killed endpoint can fail (at most one per caller): a response that
    // was streaming is cut off. After that, an attempt that meets the dead endpoint (refused, or
    // when its 1 s ejection ends and it is tried again) is retried on the other zone whenever the
    // retry budget has room (20% of requests in flight, at least 3); only retries the budget
    // refuses turn into errors, so later failures are bounded by the refused retries.
    double refused = metric("portico_upstream_retries_refused_total{upstream=\"zoned-load\"}");
    assertThat(failedLater.get()).as("failures: %s", failures).isLessThanOrEqualTo((int) refused);
    assertThat(failed.get())
        .as("failures: %s", failures)
        .isLessThanOrEqualTo(workers + (int) refused)
        .isLessThan(workers * perWorker / 20);
    assertThat(servedAfterKill).containsKey("load-1b");

    endpoint("load-1a", localPort);
    await().atMost(Duration.ofSeconds(15)).until(() -> servedBy("/zoned-load/x").equals("load-1a"));
  }
}
