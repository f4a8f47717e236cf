package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.model.AccessLogAlways;
import dev.portico.config.model.AccessLogOutput;
import dev.portico.config.model.ByteSize;
import dev.portico.config.model.Cidr;
import dev.portico.config.model.CorsPolicy;
import dev.portico.config.model.DefaultPolicy;
import dev.portico.config.model.Endpoint;
import dev.portico.config.model.Policy;
import dev.portico.config.model.PorticoConfig;
import dev.portico.config.model.RetryCondition;
import dev.portico.config.model.RetryPolicy;
import dev.portico.config.model.Route;
import dev.portico.config.model.Rule;
import dev.portico.config.model.ValueMatch;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples under {@code src/test/resources/valid} and {@code config/demo.yaml} load as written.
 */
class ValidConfigTest {

  static final Path VALID = Path.of("src/test/resources/valid");
  static final Path DEMO = Path.of("../config/demo.yaml");

  private static PorticoConfig load(Path file) throws Exception {
    return ConfigLoader.load(file).config();
  }

  private static PorticoConfig parse(String yaml) throws ConfigRejectedException {
    return ConfigLoader.parse("inline.yaml", yaml).config();
  }

  private static final String ONE_UPSTREAM =
      "upstreams:\n  orders: { endpoints: [ { url: \"http://orders:8080\" } ] }\n";

  @Test
  void minimalExampleTakesTheGatewayDefaults() throws Exception {
    var gateway = load(VALID.resolve("minimal.yaml")).gateway();

    assertThat(gateway.listen().address()).isEqualTo("0.0.0.0");
    assertThat(gateway.listen().port()).isEqualTo(8080);
    assertThat(gateway.management().address()).isEqualTo("127.0.0.1");
    assertThat(gateway.management().port()).isEqualTo(9090);
    assertThat(gateway.locality()).isNull();
    assertThat(gateway.trustedProxies()).isEmpty();
    assertThat(gateway.requestId().header()).isEqualTo("X-Request-Id");
    assertThat(gateway.requestId().trustIncoming()).isTrue();
    assertThat(gateway.defaults().timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(gateway.defaults().maxBodySize()).isEqualTo(ByteSize.ofMegabytes(10));
    assertThat(gateway.defaultPolicy()).isEqualTo(DefaultPolicy.DENY);
    assertThat(gateway.pathNormalization())
        .isEqualTo(new dev.portico.config.model.PathNormalization(true, true, true));
  }

  @Test
  void minimalExampleTakesTheUpstreamPoolDefaults() throws Exception {
    var pool = load(VALID.resolve("minimal.yaml")).gateway().upstreamPool();

    assertThat(pool.maxConnections()).isEqualTo(500);
    assertThat(pool.maxIdleTime()).isEqualTo(Duration.ofSeconds(4));
    assertThat(pool.maxLifeTime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(pool.pendingAcquireTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(pool.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void minimalExampleTakesTheRouteAndEndpointDefaults() throws Exception {
    PorticoConfig config = load(VALID.resolve("minimal.yaml"));
    Route route = config.routes().get(0);
    Endpoint endpoint = config.upstreams().get("orders").endpoints().get(0);

    assertThat(endpoint.url()).isEqualTo(URI.create("http://orders.default.svc:8080"));
    assertThat(endpoint.weight()).isEqualTo(1);
    assertThat(endpoint.zone()).isNull();
    assertThat(route.match().hosts()).isEmpty();
    assertThat(route.match().methods()).isEmpty();
    assertThat(route.stripPrefix()).isZero();
    assertThat(route.rewritePath()).isNull();
    assertThat(route.requestHeaders().isEmpty()).isTrue();
    assertThat(route.responseHeaders().isEmpty()).isTrue();
    assertThat(route.timeout()).as("falls back to gateway.defaults.timeout").isNull();
    assertThat(route.maxBodySize()).as("falls back to gateway.defaults.max-body-size").isNull();
    assertThat(route.retries()).isNull();
    assertThat(route.cors()).isNull();
    assertThat(route.metadata()).isEmpty();
  }

  @Test
  void emptyRetriesBlockTakesTheRetryDefaults() throws Exception {
    RetryPolicy retries =
        parse(
                ONE_UPSTREAM
                    + "routes:\n  - { id: a, match: { path: /a }, upstream: orders, retries: {}, public: true }\n")
            .routes()
            .get(0)
            .retries();

    assertThat(retries.attempts()).isEqualTo(2);
    assertThat(retries.on()).containsExactly(RetryCondition.CONNECT_FAILURE);
    assertThat(retries.statuses()).isEmpty();
    assertThat(retries.idempotentOnly()).isTrue();
    assertThat(retries.backoff().first()).isEqualTo(Duration.ofMillis(25));
    assertThat(retries.backoff().max()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void corsWithOnlyOriginsTakesTheCorsDefaults() throws Exception {
    CorsPolicy cors =
        parse(
                ONE_UPSTREAM
                    + "routes:\n  - id: a\n    match: { path: /a }\n    upstream: orders\n    public: true\n"
                    + "    cors: { allowed-origins: [\"https://app.example.com\"] }\n")
            .routes()
            .get(0)
            .cors();

    assertThat(cors.allowedMethods()).containsExactly("GET", "HEAD", "POST");
    assertThat(cors.allowedHeaders()).isEmpty();
    assertThat(cors.exposedHeaders()).isEmpty();
    assertThat(cors.allowCredentials()).isFalse();
    assertThat(cors.maxAge()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void nullValueOfAnOptionalKeyMeansLeftOut() throws Exception {
    Route route =
        parse(
                ONE_UPSTREAM
                    + "routes:\n  - { id: a, match: { path: /a }, upstream: orders, timeout: ~, strip-prefix:, public: true }\n")
            .routes()
            .get(0);

    assertThat(route.timeout()).isNull();
    assertThat(route.stripPrefix()).isZero();
  }

  @Test
  void anyScalarBindsToAStringAsWritten() throws Exception {
    Route route =
        parse(
                ONE_UPSTREAM
                    + "routes:\n  - id: 42\n    match: { path: /a, headers: [ { name: X-Beta, equals: 1 } ] }\n"
                    + "    upstream: orders\n    public: true\n    metadata: { tier: 01, public: true }\n")
            .routes()
            .get(0);

    assertThat(route.id()).isEqualTo("42");
    assertThat(route.match().headers().get(0).equals()).isEqualTo("1");
    assertThat(route.metadata()).containsEntry("tier", "01").containsEntry("public", "true");
  }

  @Test
  void fullExampleSetsTheGateway() throws Exception {
    var gateway = load(VALID.resolve("full.yaml")).gateway();

    assertThat(gateway.listen().port()).isEqualTo(8443);
    assertThat(gateway.management().port()).isEqualTo(9443);
    assertThat(gateway.locality().region()).isEqualTo("eu-west");
    assertThat(gateway.locality().zone()).isEqualTo("eu-west-1a");
    assertThat(gateway.trustedProxies())
        .containsExactly(
            Cidr.parse("10.0.0.0/8"), Cidr.parse("192.168.1.7/32"), Cidr.parse("fd00::/8"));
    assertThat(gateway.requestId().header()).isEqualTo("X-Correlation-Id");
    assertThat(gateway.requestId().trustIncoming()).isFalse();
    assertThat(gateway.upstreamPool().maxConnections()).isEqualTo(200);
    assertThat(gateway.upstreamPool().maxIdleTime()).isEqualTo(Duration.ofSeconds(3));
    assertThat(gateway.upstreamPool().maxLifeTime()).isEqualTo(Duration.ofMinutes(10));
    assertThat(gateway.upstreamPool().pendingAcquireTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(gateway.upstreamPool().connectTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(gateway.defaults().timeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(gateway.defaults().maxBodySize().bytes()).isEqualTo(2L * 1024 * 1024);
  }

  @Test
  void fullExampleSetsTheAccessLog() throws Exception {
    PorticoConfig config = load(VALID.resolve("full.yaml"));
    var log = config.gateway().accessLog();

    assertThat(log.enabled()).isTrue();
    assertThat(log.output()).isEqualTo(AccessLogOutput.FILE);
    assertThat(log.file().path()).isEqualTo("src/test/resources/valid/access.log");
    assertThat(log.file().maxSize().bytes()).isEqualTo(50L * 1024 * 1024);
    assertThat(log.file().maxFiles()).isEqualTo(5);
    assertThat(log.samplePercent()).isEqualTo(25);
    assertThat(log.alwaysLog()).isEqualTo(AccessLogAlways.ERRORS);
    assertThat(log.redactQueryParams()).containsExactly("signature", "session_id");
    assertThat(log.queueSize()).isEqualTo(4096);
    assertThat(config.routes().get(0).accessLog().samplePercent()).isEqualTo(100);
  }

  @Test
  void minimalExampleLeavesTheAccessLogOff() throws Exception {
    var log = load(VALID.resolve("minimal.yaml")).gateway().accessLog();

    assertThat(log.enabled()).isFalse();
    assertThat(log.output()).isEqualTo(AccessLogOutput.STDOUT);
    assertThat(log.file().maxSize().bytes()).isEqualTo(100L * 1024 * 1024);
    assertThat(log.file().maxFiles()).isEqualTo(10);
    assertThat(log.samplePercent()).isEqualTo(100);
    assertThat(log.alwaysLog()).isEqualTo(AccessLogAlways.SERVER_ERRORS);
    assertThat(log.queueSize()).isEqualTo(8192);
  }

  @Test
  void fullExampleKeepsUpstreamsAndEndpointsInFileOrder() throws Exception {
    PorticoConfig config = load(VALID.resolve("full.yaml"));
    List<Endpoint> endpoints = config.upstreams().get("orders").endpoints();

    assertThat(config.upstreams().keySet())
        .containsExactly("orders", "inventory", "billing", "payments", "ledger", "catalog");
    assertThat(config.upstreams().get("inventory").discovery().port()).isEqualTo(8080);
    assertThat(endpoints)
        .extracting(Endpoint::url)
        .containsExactly(
            URI.create("http://orders-a.eu.svc:8080"),
            URI.create("https://orders-b.us.svc:8443/base"));
    assertThat(endpoints).extracting(Endpoint::weight).containsExactly(3, 1);
    assertThat(endpoints.get(1).zone()).isEqualTo("us-east-1b");
    assertThat(endpoints.get(1).region()).isEqualTo("us-east");
  }

  @Test
  void fullExampleSetsTheMatchConditions() throws Exception {
    var match = load(VALID.resolve("full.yaml")).routes().get(0).match();

    assertThat(match.path()).isEqualTo("/api/orders/**");
    assertThat(match.hosts()).containsExactly("api.example.com", "*.api.example.com");
    assertThat(match.methods()).containsExactly("GET", "POST");
    assertThat(match.headers())
        .extracting(ValueMatch::name)
        .containsExactly("X-Tenant", "X-Version", "X-Debug");
    assertThat(match.headers().get(0).equals()).isEqualTo("acme");
    assertThat(match.headers().get(1).regex().matches("v12")).isTrue();
    assertThat(match.headers().get(1).regex().matches("v12-beta")).isFalse();
    assertThat(match.headers().get(2).present()).isFalse();
    assertThat(match.query().get(0).equals()).isEqualTo("json");
    assertThat(match.query().get(1).present()).isTrue();
  }

  @Test
  void fullExampleSetsHeaderEditsInFileOrder() throws Exception {
    Route route = load(VALID.resolve("full.yaml")).routes().get(0);

    assertThat(route.requestHeaders().set())
        .containsExactly(
            java.util.Map.entry("X-Forwarded-Prefix", "/api"),
            java.util.Map.entry("X-Env", "prod"));
    assertThat(route.requestHeaders().add())
        .containsExactly(java.util.Map.entry("X-Route", "orders"));
    assertThat(route.requestHeaders().remove()).containsExactly("Cookie", "X-Internal");
    assertThat(route.responseHeaders().set()).containsEntry("Cache-Control", "no-store");
    assertThat(route.responseHeaders().add()).containsEntry("X-Served-By", "portico");
    assertThat(route.responseHeaders().remove()).containsExactly("Server");
  }

  @Test
  void fullExampleSetsRetriesTimeoutAndBodySize() throws Exception {
    Route route = load(VALID.resolve("full.yaml")).routes().get(0);

    assertThat(route.upstream()).isEqualTo("orders");
    assertThat(route.stripPrefix()).isEqualTo(1);
    assertThat(route.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(route.maxBodySize().bytes()).isEqualTo(64 * 1024);
    assertThat(route.retries().attempts()).isEqualTo(3);
    assertThat(route.retries().on())
        .containsExactly(RetryCondition.CONNECT_FAILURE, RetryCondition.RESET);
    assertThat(route.retries().statuses()).containsExactly(502, 503);
    assertThat(route.retries().idempotentOnly()).isFalse();
    assertThat(route.retries().backoff().first()).isEqualTo(Duration.ofMillis(50));
    assertThat(route.retries().backoff().max()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void fullExampleSetsCorsAndKeepsMetadataOrder() throws Exception {
    Route route = load(VALID.resolve("full.yaml")).routes().get(0);

    assertThat(route.cors().allowedOrigins())
        .containsExactly("https://shop.example.com", "https://*.example.com");
    assertThat(route.cors().allowedMethods()).containsExactly("GET", "POST", "DELETE");
    assertThat(route.cors().allowedHeaders()).containsExactly("Content-Type", "Authorization");
    assertThat(route.cors().exposedHeaders()).containsExactly("X-Request-Id");
    assertThat(route.cors().allowCredentials()).isTrue();
    assertThat(route.cors().maxAge()).isEqualTo(Duration.ofHours(1));
    assertThat(route.metadata().keySet())
        .containsExactly("team", "tier", "app.kubernetes.io/name", "owner");
    assertThat(route.metadata()).containsEntry("tier", "1");
  }

  @Test
  void fullExampleCompilesTheRewriteRegex() throws Exception {
    Route route = load(VALID.resolve("full.yaml")).routes().get(1);

    assertThat(route.rewritePath().replacement()).isEqualTo("/v2/invoices/${id}");
    assertThat(
            route
                .rewritePath()
                .regex()
                .pattern()
                .matcher("/billing/invoices/17")
                .replaceFirst(route.rewritePath().replacement()))
        .isEqualTo("/v2/invoices/17");
  }

  @Test
  void fullExampleSetsPoliciesAndRouteAuthorization() throws Exception {
    PorticoConfig config = load(VALID.resolve("full.yaml"));

    assertThat(config.gateway().defaultPolicy()).isEqualTo(DefaultPolicy.ALLOW);
    assertThat(config.gateway().pathNormalization())
        .isEqualTo(new dev.portico.config.model.PathNormalization(false, false, false));
    Policy policy = config.policies().get("orders-access");
    Rule readers = policy.allow().get(0);
    assertThat(readers.name()).isEqualTo("readers");
    assertThat(readers.roles().anyOf()).containsExactly("orders-reader", "orders-admin");
    assertThat(readers.roles().allOf()).containsExactly("staff");
    assertThat(readers.scopes().anyOf()).containsExactly("orders.read");
    assertThat(readers.scopes().allOf()).containsExactly("openid");
    assertThat(readers.consumers()).containsExactly("mobile-app");
    assertThat(readers.when().source())
        .isEqualTo(
            "request.method in ['GET', 'HEAD'] && token.tenant == request.headers['x-tenant']");
    Rule internal = policy.deny().get(0);
    assertThat(internal.name()).isNull();
    assertThat(internal.when().source())
        .isEqualTo(
            "request.path.startsWith('/api/orders/internal/')\n"
                + "  && !('orders-admin' in principal.roles)\n");
    Route orders = config.routes().get(0);
    assertThat(orders.authorization().policies()).containsExactly("orders-access");
    assertThat(orders.authorization().allow().get(0).name()).isEqualTo("partner-reads");
    assertThat(orders.authorization().deny().get(0).when().source())
        .isEqualTo("'x-debug' in request.headers");
    assertThat(orders.publicRoute()).isFalse();
    assertThat(config.routes().get(1).publicRoute()).isTrue();
  }

  @Test
  void fullExampleUsesEveryKeyOfTheModel() throws IOException {
    Object document = YamlJson.load(Files.readString(VALID.resolve("full.yaml")));

    assertThat(ConfigKeys.of(PorticoConfig.class))
        .allSatisfy(key -> assertThat(ConfigKeys.isUsed(document, key)).as(key).isTrue());
  }

  @Test
  void anchorsExampleMergesSharedEndpointSettings() throws Exception {
    List<Endpoint> endpoints =
        load(VALID.resolve("anchors.yaml")).upstreams().get("orders").endpoints();

    assertThat(endpoints)
        .extracting(e -> e.url().toString())
        .containsExactly("http://orders-a:8080", "http://orders-b:8080");
    assertThat(endpoints)
        .allSatisfy(
            e -> {
              assertThat(e.weight()).isEqualTo(2);
              assertThat(e.zone()).isEqualTo("eu-west-1a");
            });
  }

  @Test
  void anchorsExampleLetsWrittenKeysWinOverMergedOnes() throws Exception {
    Route write = load(VALID.resolve("anchors.yaml")).routes().get(1);

    assertThat(write.id()).isEqualTo("orders-write");
    assertThat(write.match().methods()).containsExactly("POST", "PUT");
    assertThat(write.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(write.retries().attempts()).isEqualTo(2);
    assertThat(write.retries().on())
        .containsExactly(RetryCondition.CONNECT_FAILURE, RetryCondition.RESET);
    assertThat(write.upstream()).isEqualTo("orders");
    assertThat(write.responseHeaders().set()).containsEntry("Cache-Control", "no-store");
  }

  @Test
  void anchorsExampleFollowsAMergeOfAMerge() throws Exception {
    Route delete = load(VALID.resolve("anchors.yaml")).routes().get(2);

    assertThat(delete.upstream())
        .as("merged from route-defaults through write-defaults")
        .isEqualTo("orders");
    assertThat(delete.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(delete.responseHeaders().set()).containsEntry("Cache-Control", "no-store");
  }

  @Test
  void anchorsExampleGivesTheEarlierOfSeveralMergedMappingsPriority() throws Exception {
    Route patch = load(VALID.resolve("anchors.yaml")).routes().get(3);

    assertThat(patch.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(patch.retries().attempts()).isEqualTo(2);
    assertThat(patch.match().methods()).containsExactly("PATCH");
  }

  @Test
  void demoConfigLoadsWithItsRoutesInFileOrder() throws Exception {
    PorticoConfig demo = load(DEMO);

    assertThat(demo.routes())
        .extracting(Route::id)
        .containsExactly(
            "catalog-items",
            "catalog-search",
            "order-by-id",
            "orders",
            "orders-beta",
            "admin-host",
            "cart");
    assertThat(demo.upstreams().keySet())
        .containsExactly("catalog", "catalog-canary", "cart", "orders");
    assertThat(demo.upstreams().get("catalog").endpoints())
        .extracting(Endpoint::zone)
        .containsExactly("eu-west-1a", "eu-west-1b", "us-east-1a");
    assertThat(demo.routes().get(0).split().upstreams())
        .containsEntry("catalog", 90)
        .containsEntry("catalog-canary", 10);
  }

  @Test
  void demoConfigSetsGatewayValues() throws Exception {
    var gateway = load(DEMO).gateway();

    assertThat(gateway.listen().port()).isEqualTo(8080);
    assertThat(gateway.management().port()).isEqualTo(9090);
    assertThat(gateway.trustedProxies()).containsExactly(Cidr.parse("127.0.0.1/32"));
    assertThat(gateway.defaults().timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(gateway.defaults().maxBodySize()).isEqualTo(ByteSize.ofMegabytes(1));
    assertThat(gateway.upstreamPool().maxIdleTime()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void demoConfigSetsRouteValues() throws Exception {
    List<Route> routes = load(DEMO).routes();

    assertThat(routes.get(0).stripPrefix()).isEqualTo(2);
    assertThat(routes.get(0).retries().on())
        .containsExactly(RetryCondition.CONNECT_FAILURE, RetryCondition.RESET);
    assertThat(routes.get(0).retries().statuses()).containsExactly(503);
    assertThat(routes.get(0).cors().allowedMethods()).containsExactly("GET");
    assertThat(routes.get(0).responseHeaders().set())
        .containsEntry("Cache-Control", "public, max-age=60");
    assertThat(routes.get(1).rateLimits()).containsExactly("search-per-client");
    assertThat(routes.get(2).rewritePath().regex()).hasToString("^/api/orders/(?<id>[^/]+)$");
    assertThat(routes.get(2).authorization().policies()).containsExactly("orders-access");
    assertThat(routes.get(3).maxBodySize().bytes()).isEqualTo(16 * 1024);
    assertThat(routes.get(3).timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(routes.get(4).match().headers().get(0).equals()).isEqualTo("1");
    assertThat(routes.get(5).match().hosts()).containsExactly("admin.localhost");
  }
}
