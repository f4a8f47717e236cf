package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.config.watch.ReloadOutcome;
import dev.portico.testing.prometheus.PrometheusServer;
import dev.portico.testing.redis.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped Grafana dashboard (deploy/grafana) and alert rules (deploy/prometheus) against a real
 * Prometheus (Debian's package) that scrapes a real gateway every second while traffic exercises
 * every metric they use: proxied 2xx and 5xx, gateway answers (401, 403, 404, 429, 502), upstream
 * connect failures and slow responses, a Redis rate-limit store, an issuer with keys, active health
 * checks.
 *
 * <p>Every PromQL expression of the dashboard (panel targets, with the dashboard variables set to
 * "all" and {@code $__rate_interval} to 1m, and the {@code label_values} variable queries) must
 * return at least one series. Alert expressions end in a threshold comparison that is normally
 * false, so each one is evaluated with every comparison outside label matchers turned into a {@code
 * bool} comparison ({@code > 0.05} becomes {@code > bool 0.05}): the result then has a series for
 * every input series whatever its value, which proves the metric names, labels and joins are right;
 * the expression as written must also be accepted. One alert is triggered for real (a rejected
 * reload fires PorticoConfigReloadRejected), and {@code promtool check rules} passes.
 */
class DashboardAndAlertQueriesTest {

  static final Path DASHBOARD = Path.of("../deploy/grafana/portico-dashboard.json");
  static final Path RULES = Path.of("../deploy/prometheus/portico-alerts.yml");
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static RedisServer redis;
  static WireMockServer upstream;
  static StubIssuer issuer;
  static PorticoGateway gateway;
  static PrometheusServer prometheus;
  static ScheduledExecutorService traffic;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    redis = RedisServer.startStandalone();
    issuer = StubIssuer.start("/realms/test");
    upstream = Upstreams.wiremock();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    upstream.stubFor(
        any(urlPathMatching("/orders/broken")).willReturn(aResponse().withStatus(500)));
    upstream.stubFor(
        any(urlPathMatching("/slow/.*"))
            .willReturn(aResponse().withStatus(200).withFixedDelay(600)));
    gateway = PorticoGateway.start(dir, config());
    prometheus =
        PrometheusServer.start(
            List.of("127.0.0.1:" + gateway.managementPort()), List.of(RULES.toAbsolutePath()));
    traffic = Executors.newSingleThreadScheduledExecutor();
    traffic.scheduleWithFixedDelay(
        DashboardAndAlertQueriesTest::oneRound, 0, 200, TimeUnit.MILLISECONDS);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> hasData("sum(rate(portico_upstream_errors_total[1m]))"));
  }

  static String config() {
    return """
        gateway:
          default-policy: allow
          rate-limiting:
            store: redis
            redis: { nodes: ["redis://127.0.0.1:%1$d"], timeout: 250ms }
        issuers:
          test: { issuer: "%2$s" }
        rate-limits:
          tight: { limits: [3/h], burst: 3, key: [header:X-User] }
        upstreams:
          app:
            endpoints: [ { url: "http://127.0.0.1:%3$d" } ]
            health-check: { path: /health, interval: 1s, jitter: 100ms, timeout: 500ms }
          gone: { endpoints: [ { url: "http://127.0.0.1:%4$d" } ] }
        routes:
          - { id: orders, match: { path: /orders/** }, upstream: app }
          - { id: limited, match: { path: /limited/** }, upstream: app, rate-limits: [tight] }
          - id: secure
            match: { path: /secure/** }
            upstream: app
            auth: { bearer: { issuers: [test] } }
          - id: office
            match: { path: /office/** }
            upstream: app
            authorization: { allow: [ { when: "request.ip.startsWith('10.20.')" } ] }
          - { id: gone, match: { path: /gone/** }, upstream: gone }
          - { id: slow, match: { path: /slow/** }, upstream: app }
        """
        .formatted(redis.port(), issuer.issuer(), upstream.port(), Upstreams.closedPort());
  }

  private static int round;

  /** One request of each kind; users rotate so the rate limit both admits and refuses. */
  static void oneRound() {
    round++;
    for (String path :
        List.of(
            "/orders/ok",
            "/orders/broken",
            "/limited/x",
            "/secure/x",
            "/office/x",
            "/gone/x",
            "/nowhere",
            "/slow/x")) {
      try {
        http.send(
            HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("X-User", "user-" + (round / 5))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.discarding());
      } catch (Exception e) {
        // Traffic is best effort; the assertions look at what Prometheus saw.
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (traffic != null) {
      traffic.shutdownNow();
      traffic.awaitTermination(15, TimeUnit.SECONDS);
    }
    for (AutoCloseable c : new AutoCloseable[] {prometheus, gateway, issuer, redis}) {
      if (c != null) {
        c.close();
      }
    }
    if (upstream != null) {
      upstream.stop();
    }
  }

  @Test
  void promtoolAcceptsTheAlertRules() {
    PrometheusServer.PromtoolResult result =
        PrometheusServer.promtool("check", "rules", RULES.toAbsolutePath().toString());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void prometheusLoadedTheRulesAndScrapesTheGateway() throws Exception {
    JsonNode targets = JSON.readTree(prometheus.body("/api/v1/targets"));
    assertThat(targets.at("/data/activeTargets/0/health").asString()).isEqualTo("up");
    JsonNode rules = JSON.readTree(prometheus.body("/api/v1/rules"));
    List<String> names = new ArrayList<>();
    rules
        .at("/data/groups")
        .forEach(g -> g.get("rules").forEach(r -> names.add(r.get("name").asString())));
    assertThat(names).containsAll(alertExpressions().keySet());
  }

  @Test
  void everyDashboardQueryReturnsData() throws Exception {
    List<String> queries = dashboardQueries();
    assertThat(queries).hasSizeGreaterThan(20);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(queries.stream().filter(q -> !hasData(q)).toList()).isEmpty());
  }

  @Test
  void everyAlertExpressionReturnsDataWithItsComparisonsAsBool() throws Exception {
    Map<String, String> alerts = alertExpressions();
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
    for (String expr : alerts.values()) {
      assertThat(JSON.readTree(prometheus.query(expr)).get("status").asString())
          .as(expr)
          .isEqualTo("success");
      assertThat(withBoolComparisons(expr)).as("has a comparison: " + expr).isNotEqualTo(expr);
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        alerts.entrySet().stream()
                            .filter(a -> !hasData(withBoolComparisons(a.getValue())))
                            .map(Map.Entry::getKey)
                            .toList())
                    .isEmpty());
  }

  @Test
  void aRejectedReloadFiresTheReloadAlert() throws Exception {
    ReloadOutcome outcome = gateway.reload("routes: [ { id: broken } ]\n");
    assertThat(outcome.result()).isEqualTo(ReloadOutcome.Result.REJECTED);
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  prometheus.body("/api/v1/alerts").contains("\"PorticoConfigReloadRejected\"")
                      && JSON.readTree(prometheus.body("/api/v1/alerts"))
                          .at("/data/alerts")
                          .valueStream()
                          .anyMatch(
                              a ->
                                  a.at("/labels/alertname")
                                          .asString()
                                          .equals("PorticoConfigReloadRejected")
                                      && a.get("state").asString().equals("firing")));
    } finally {
      gateway.rewrite(config());
    }
  }

  @Test
  void boolRewritingLeavesLabelMatchersAlone() {
    assertThat(withBoolComparisons("rate(x{a!=\"b\",c=~\"d>e\"}[5m]) > 0.05 and y <= 2"))
        .isEqualTo("rate(x{a!=\"b\",c=~\"d>e\"}[5m]) > bool 0.05 and y <= bool 2");
    assertThat(withBoolComparisons("a == 1 or b != 2 or c >= 3 or d < 4"))
        .isEqualTo("a == bool 1 or b != bool 2 or c >= bool 3 or d < bool 4");
  }

  // ---- expressions

  static List<String> dashboardQueries() throws Exception {
    JsonNode dashboard = JSON.readTree(Files.readString(DASHBOARD));
    Set<String> queries = new LinkedHashSet<>();
    collectTargets(dashboard.get("panels"), queries);
    Pattern labelValues = Pattern.compile("label_values\\((.+),\\s*\\w+\\)");
    for (JsonNode variable : dashboard.at("/templating/list")) {
      if (variable.get("type").asString().equals("query")) {
        Matcher m = labelValues.matcher(variable.get("definition").asString());
        assertThat(m.matches()).as(variable.toString()).isTrue();
        queries.add(m.group(1));
      }
    }
    return queries.stream().map(DashboardAndAlertQueriesTest::substituteVariables).toList();
  }

  private static void collectTargets(JsonNode panels, Set<String> into) {
    if (panels == null) {
      return;
    }
    for (JsonNode panel : panels) {
      collectTargets(panel.get("panels"), into);
      JsonNode targets = panel.get("targets");
      if (targets != null) {
        targets.forEach(t -> into.add(t.get("expr").asString()));
      }
    }
  }

  static String substituteVariables(String expr) {
    return expr.replace("$__rate_interval", "1m")
        .replace("$route", ".*")
        .replace("$upstream", ".*");
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> alertExpressions() throws Exception {
    Map<String, Object> file = new Yaml().load(Files.readString(RULES));
    Map<String, String> alerts = new java.util.LinkedHashMap<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        alerts.put((String) rule.get("alert"), ((String) rule.get("expr")).strip());
      }
    }
    return alerts;
  }

  /**
   * {@code expr} with {@code bool} after every comparison operator outside label matchers and
   * strings, so a filtering comparison becomes one that keeps every series (as 0 or 1).
   */
  static String withBoolComparisons(String expr) {
    StringBuilder out = new StringBuilder();
    int braces = 0;
    boolean quoted = false;
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (quoted) {
        out.append(c);
        if (c == '\\') {
          out.append(expr.charAt(++i));
        } else if (c == '"') {
          quoted = false;
        }
        continue;
      }
      if (c == '"') {
        quoted = true;
      } else if (c == '{') {
        braces++;
      } else if (c == '}') {
        braces--;
      } else if (braces == 0 && (c == '>' || c == '<' || c == '=' || c == '!')) {
        boolean twoChars = i + 1 < expr.length() && expr.charAt(i + 1) == '=';
        String op = twoChars ? expr.substring(i, i + 2) : String.valueOf(c);
        out.append(op).append(" bool");
        i += op.length() - 1;
        continue;
      }
      out.append(c);
    }
    return out.toString();
  }

  static boolean hasData(String promql) {
    try {
      JsonNode response = JSON.readTree(prometheus.query(promql));
      return response.get("status").asString().equals("success")
          && !response.at("/data/result").isEmpty();
    } catch (Exception e) {
      return false;
    }
  }
}
