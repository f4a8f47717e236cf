package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.config.watch.ReloadOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The access log of the assembled gateway, written to a rolling file: ECS fields with the values of
 * real requests (bearer token, API key, unmatched, rate-limited, upstream failure), no secret
 * anywhere in the file, sampling with errors always logged, a route switched off, and rollover
 * under concurrent requests without a lost line.
 */
class AccessLogTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String API_KEY = "shop-key-1-do-not-log";

  static StubIssuer idp;
  static WireMockServer upstream;
  static PorticoGateway gateway;
  static Path logs;
  static Path rolling;
  static int deadPort;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    idp = StubIssuer.start("/realms/test");
    upstream = Upstreams.wiremock();
    deadPort = Upstreams.closedPort();
    logs = Files.createDirectory(dir.resolve("logs"));
    rolling = Files.createDirectory(dir.resolve("rolling"));
    gateway = PorticoGateway.start(dir, config(logs.resolve("access.log"), ""));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    idp.close();
    upstream.stop();
  }

  /** The test configuration; {@code extra} adds keys under gateway.access-log. */
  static String config(Path file, String extra) throws Exception {
    return """
        gateway:
          trusted-proxies: [127.0.0.1/32]
          access-log:
            enabled: true
            output: file
            file: { path: "%4$s", max-size: 10MB, max-files: 3 }
        %5$s
        issuers:
          test:
            issuer: "%1$s"
            audiences: [orders-api]
        consumers:
          shop:
            api-keys: ["sha256:%3$s"]
        rate-limits:
          one: { limits: [1/min], burst: 1, key: [client-ip] }
        upstreams:
          app: { endpoints: [ { url: "http://127.0.0.1:%2$d" } ] }
          pair:
            endpoints: [ { url: "http://127.0.0.1:%6$d" }, { url: "http://127.0.0.1:%2$d" } ]
        routes:
          - id: retried
            match: { path: /retried/** }
            upstream: pair
            public: true
            retries: { attempts: 2, on: [connect-failure] }
          - id: orders
            match: { path: /orders/** }
            upstream: app
            auth: { bearer: { issuers: [test] }, api-key: { query: key } }
          - id: limited
            match: { path: /limited/** }
            upstream: app
            public: true
            rate-limits: [one]
          - id: open
            match: { path: /open/** }
            upstream: app
            public: true
          - id: small
            match: { path: /small/** }
            upstream: app
            public: true
            max-body-size: 16
          - id: quiet
            match: { path: /quiet/** }
            upstream: app
            public: true
            access-log: { enabled: false }
        """
        .formatted(
            idp.issuer(),
            upstream.port(),
            AuthenticationTest.sha256(API_KEY),
            file,
            extra.indent(4).stripTrailing(),
            deadPort);
  }

  @BeforeEach
  void baseConfigAndStubs() throws Exception {
    ReloadOutcome outcome = gateway.reload(config(logs.resolve("access.log"), ""));
    assertThat(outcome.errors()).isEmpty();
    upstream.resetAll();
    upstream.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Set-Cookie", "upstream_session=upstream-cookie-secret")
                    .withBody("ok")));
    upstream.stubFor(
        any(urlPathEqualTo("/open/boom")).willReturn(aResponse().withStatus(503).withBody("down")));
  }

  private static String bearer() throws Exception {
    return StubIssuer.sign(
        idp.claims("alice", "orders-api", Duration.ofMinutes(5)).build(), idp.key());
  }

  private static List<JsonNode> lines(Path dir) {
    List<JsonNode> out = new ArrayList<>();
    for (Path file : files(dir)) {
      try {
        for (String line : Files.readAllLines(file)) {
          out.add(JSON.readTree(line));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private static List<Path> files(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted(Comparator.comparing(Path::toString)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<JsonNode> line(Path dir, String requestId) {
    return lines(dir).stream()
        .filter(l -> requestId.equals(l.at("/http/request/id").asString()))
        .findFirst();
  }

  private static JsonNode awaitLine(String requestId) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> line(logs, requestId), Optional::isPresent)
        .orElseThrow();
  }

  private static void get(String path, String requestId, int status) {
    gateway
        .client()
        .get()
        .uri(path)
        .header("X-Request-Id", requestId)
        .exchange()
        .expectStatus()
        .isEqualTo(status);
  }

  @Test
  void aBearerRequestIsLoggedWithEcsFieldsAndItsQueryRedacted() throws Exception {
    gateway
        .client()
        .get()
        .uri("/orders/42?access_token=query-secret-789&x=1")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer())
        .header("X-Request-Id", "bearer-1")
        .header(HttpHeaders.USER_AGENT, "access-log-test/1.0")
        .exchange()
        .expectStatus()
        .isOk();

    JsonNode line = awaitLine("bearer-1");
    assertThat(line.path("@timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(line.at("/ecs/version").asString()).startsWith("8.");
    assertThat(line.at("/event/outcome").asString()).isEqualTo("success");
    assertThat(line.at("/http/version").asString()).isEqualTo("1.1");
    assertThat(line.at("/http/request/method").asString()).isEqualTo("GET");
    assertThat(line.at("/http/response/status_code").asInt()).isEqualTo(200);
    assertThat(line.at("/http/response/body/bytes").asLong()).isEqualTo(2);
    assertThat(line.at("/url/path").asString()).isEqualTo("/orders/42");
    assertThat(line.at("/url/query").asString()).isEqualTo("access_token=REDACTED&x=1");
    assertThat(line.at("/user/name").asString()).isEqualTo("alice");
    assertThat(line.at("/user_agent/original").asString()).isEqualTo("access-log-test/1.0");
    assertThat(line.at("/client/ip").asString()).isEqualTo("127.0.0.1");
    assertThat(line.at("/portico/route/id").asString()).isEqualTo("orders");
    assertThat(line.at("/portico/auth/kind").asString()).isEqualTo("jwt");
    assertThat(line.at("/portico/auth/issuer").asString()).isEqualTo("test");
    assertThat(line.at("/portico/upstream/name").asString()).isEqualTo("app");
    assertThat(line.at("/destination/address").asString()).isEqualTo("127.0.0.1");
    assertThat(line.at("/destination/port").asInt()).isEqualTo(upstream.port());
    assertThat(line.at("/portico/upstream/attempts").asInt()).isEqualTo(1);
    long upstreamNanos = line.at("/portico/upstream/duration").asLong();
    assertThat(upstreamNanos).isPositive();
    assertThat(line.at("/event/duration").asLong()).isGreaterThanOrEqualTo(upstreamNanos);
    assertThat(line.has("trace")).isFalse();
  }

  @Test
  void anApiKeyConsumerIsNamedAndTheRequestBodyCounted() {
    gateway
        .client()
        .post()
        .uri("/orders/new")
        .header("X-Api-Key", API_KEY)
        .header("X-Request-Id", "api-key-1")
        .bodyValue("hello")
        .exchange()
        .expectStatus()
        .isOk();

    JsonNode line = awaitLine("api-key-1");
    assertThat(line.at("/http/request/method").asString()).isEqualTo("POST");
    assertThat(line.at("/http/request/body/bytes").asLong()).isEqualTo(5);
    assertThat(line.at("/user/name").asString()).isEqualTo("shop");
    assertThat(line.at("/portico/auth/consumer").asString()).isEqualTo("shop");
    assertThat(line.at("/portico/auth/kind").asString()).isEqualTo("api-key");
  }

  @Test
  void anUnmatchedRequestIsLoggedWithItsProblemType() {
    get("/nowhere?page=2", "unmatched-1", 404);

    JsonNode line = awaitLine("unmatched-1");
    assertThat(line.at("/http/response/status_code").asInt()).isEqualTo(404);
    assertThat(line.at("/url/path").asString()).isEqualTo("/nowhere");
    assertThat(line.at("/url/query").asString()).isEqualTo("page=2");
    assertThat(line.at("/portico/problem/type").asString())
        .isEqualTo("https://portico.dev/problems/no-route");
    assertThat(line.at("/http/response/body/bytes").asLong()).isPositive();
    assertThat(line.at("/portico").has("route")).isFalse();
    assertThat(line.has("destination")).isFalse();
  }

  @Test
  void anUpstreamFailureIsAFailureOutcome() {
    get("/open/boom", "boom-1", 503);

    JsonNode line = awaitLine("boom-1");
    assertThat(line.at("/http/response/status_code").asInt()).isEqualTo(503);
    assertThat(line.at("/event/outcome").asString()).isEqualTo("failure");
    assertThat(line.at("/http/response/body/bytes").asLong()).isEqualTo(4);
    assertThat(line.at("/portico/route/id").asString()).isEqualTo("open");
    assertThat(line.at("/portico").has("problem")).isFalse();
  }

  @Test
  void aRateLimitedRequestIsLoggedWith429AndTheRealClientAddress() {
    for (String id : List.of("limited-1", "limited-2")) {
      gateway
          .client()
          .get()
          .uri("/limited/x")
          .header("X-Request-Id", id)
          .header("X-Forwarded-For", "198.51.100.77")
          .exchange();
    }

    JsonNode first = awaitLine("limited-1");
    JsonNode second = awaitLine("limited-2");
    assertThat(first.at("/http/response/status_code").asInt()).isEqualTo(200);
    assertThat(second.at("/http/response/status_code").asInt()).isEqualTo(429);
    assertThat(second.at("/portico/problem/type").asString())
        .isEqualTo("https://portico.dev/problems/rate-limited");
    assertThat(second.at("/client/ip").asString()).isEqualTo("198.51.100.77");
    assertThat(second.at("/source/ip").asString()).isEqualTo("127.0.0.1");
    assertThat(second.has("destination")).isFalse();
  }

  @Test
  void noSecretReachesTheFile() throws Exception {
    String token = bearer();
    gateway
        .client()
        .get()
        .uri("/orders/1?access_token=query-secret-789&id_token=id-secret-1&code=code-secret-2")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .header(HttpHeaders.COOKIE, "session=cookie-secret-123")
        .header("Proxy-Authorization", "Basic proxy-secret-456")
        .header("X-Request-Id", "secrets-1")
        .exchange()
        .expectStatus()
        .isOk();
    gateway
        .client()
        .get()
        .uri("/orders/2?key=" + API_KEY + "&apikey=apikey-secret-3&api_key=api-key-secret-4")
        .header("X-Request-Id", "secrets-2")
        .exchange()
        .expectStatus()
        .isOk();
    gateway
        .client()
        .get()
        .uri("/orders/3")
        .header("X-Api-Key", API_KEY)
        .header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNzd29yZA==")
        .header("X-Request-Id", "secrets-3")
        .exchange();

    awaitLine("secrets-1");
    awaitLine("secrets-2");
    awaitLine("secrets-3");
    StringBuilder all = new StringBuilder();
    for (Path file : files(logs)) {
      all.append(Files.readString(file));
    }
    assertThat(all.toString())
        .contains("REDACTED")
        .doesNotContain(
            token,
            token.substring(token.lastIndexOf('.') + 1),
            API_KEY,
            "query-secret-789",
            "id-secret-1",
            "code-secret-2",
            "apikey-secret-3",
            "api-key-secret-4",
            "cookie-secret-123",
            "proxy-secret-456",
            "dXNlcjpwYXNzd29yZA==",
            "upstream-cookie-secret");
    assertThat(line(logs, "secrets-2").orElseThrow().at("/url/query").asString())
        .isEqualTo("key=REDACTED&apikey=REDACTED&api_key=REDACTED");
  }

  @Test
  void aRetriedRequestNamesTheEndpointThatAnswered() {
    // Round-robin over a dead and a live endpoint: requests that start on the dead one are
    // retried on the live one; which requests do depends on the balancer's position.
    List<JsonNode> logged = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      get("/retried/" + i, "retried-" + i, 200);
      logged.add(awaitLine("retried-" + i));
    }

    assertThat(logged)
        .allSatisfy(l -> assertThat(l.at("/destination/port").asInt()).isEqualTo(upstream.port()))
        .extracting(l -> l.at("/portico/upstream/attempts").asInt())
        .contains(2)
        .allSatisfy(attempts -> assertThat(attempts).isBetween(1, 2));
  }

  @Test
  void aClientThatGivesUpIsLoggedWithAnUnknownOutcome() {
    upstream.stubFor(
        any(urlPathEqualTo("/open/slow"))
            .willReturn(aResponse().withStatus(200).withFixedDelay(3_000).withBody("late")));

    Throwable failure =
        HttpClient.create()
            .responseTimeout(Duration.ofMillis(300))
            .headers(h -> h.set("X-Request-Id", "abort-1"))
            .get()
            .uri(gateway.baseUrl() + "/open/slow")
            .responseContent()
            .aggregate()
            .asString()
            .map(body -> (Throwable) null)
            .onErrorResume(e -> Mono.just(e))
            .block(Duration.ofSeconds(10));

    assertThat(failure).isNotNull();
    JsonNode line = awaitLine("abort-1");
    assertThat(line.at("/event/outcome").asString()).isEqualTo("unknown");
    assertThat(line.at("/http/response").has("status_code")).isFalse();
    assertThat(line.at("/portico/route/id").asString()).isEqualTo("open");
  }

  @Test
  void theManagementPortIsNotLogged() {
    PorticoGateway.client("http://127.0.0.1:" + gateway.managementPort())
        .get()
        .uri("/actuator/health")
        .header("X-Request-Id", "management-1")
        .exchange()
        .expectStatus()
        .isOk();
    get("/open/boom", "after-management-1", 503);

    awaitLine("after-management-1");
    assertThat(line(logs, "management-1")).isEmpty();
    assertThat(lines(logs)).noneMatch(l -> l.at("/url/path").asString().startsWith("/actuator"));
  }

  @Test
  void aLargeResponseIsCountedInFullAndATooLargeBodyIsLoggedWith413() {
    byte[] big = new byte[200_000];
    java.util.Arrays.fill(big, (byte) 'x');
    upstream.stubFor(
        any(urlPathEqualTo("/open/big")).willReturn(aResponse().withStatus(200).withBody(big)));

    get("/open/big", "big-1", 200);
    gateway
        .client()
        .post()
        .uri("/small/upload")
        .header("X-Request-Id", "too-large-1")
        .bodyValue("x".repeat(64))
        .exchange()
        .expectStatus()
        .isEqualTo(413);

    assertThat(awaitLine("big-1").at("/http/response/body/bytes").asLong()).isEqualTo(200_000);
    JsonNode refused = awaitLine("too-large-1");
    assertThat(refused.at("/http/response/status_code").asInt()).isEqualTo(413);
    assertThat(refused.at("/portico/problem/type").asString())
        .isEqualTo("https://portico.dev/problems/body-too-large");
    assertThat(refused.at("/portico/route/id").asString()).isEqualTo("small");
  }

  @Test
  void aRouteSwitchedOffIsNotLogged() {
    get("/quiet/x", "quiet-1", 200);
    get("/open/boom", "after-quiet-1", 503);

    awaitLine("after-quiet-1");
    assertThat(line(logs, "quiet-1")).isEmpty();
  }

  @Test
  void sampleZeroLogsOnlyServerErrorsWhichAreAlwaysLogged() throws Exception {
    assertThat(gateway.reload(config(logs.resolve("access.log"), "sample-percent: 0")).errors())
        .isEmpty();

    get("/open/fine", "sampled-ok", 200);
    get("/nowhere", "sampled-404", 404);
    get("/open/boom", "sampled-503", 503);

    awaitLine("sampled-503");
    assertThat(line(logs, "sampled-ok")).isEmpty();
    assertThat(line(logs, "sampled-404")).isEmpty();
  }

  @Test
  void rollingUnderConcurrentRequestsLosesNoLine() throws Exception {
    String yaml =
        config(rolling.resolve("access.log"), "")
            .replace("max-size: 10MB, max-files: 3", "max-size: 2KB, max-files: 100");
    assertThat(gateway.reload(yaml).errors()).isEmpty();

    int requests = 40;
    IntStream.range(0, requests).parallel().forEach(i -> get("/open/r" + i, "roll-" + i, 200));

    await().atMost(Duration.ofSeconds(20)).until(() -> lines(rolling).size() >= requests);
    List<String> ids =
        lines(rolling).stream().map(l -> l.at("/http/request/id").asString()).toList();
    assertThat(ids)
        .hasSize(requests)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, requests).mapToObj(i -> "roll-" + i).toList());
    List<Path> files = files(rolling);
    assertThat(files).hasSizeGreaterThan(5);
    for (Path file : files) {
      assertThat(Files.size(file)).as(file.toString()).isLessThanOrEqualTo(2048);
    }
  }
}
