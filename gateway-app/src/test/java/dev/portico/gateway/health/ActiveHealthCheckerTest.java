package dev.portico.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Checks against real HTTP servers, every 50ms ± 10ms; thresholds: healthy 2, unhealthy 3. */
class ActiveHealthCheckerTest {

  private static final HealthCheckSettings FAST =
      HealthCheckSettings.DEFAULTS
          .withTiming(Duration.ofMillis(50), Duration.ofMillis(10), Duration.ofSeconds(2))
          .withThresholds(2, 3);

  /** A transition the listener saw, with how many requests the endpoint's server had received. */
  record Transition(String id, EndpointHealthStatus status, int requestsReceived) {}

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /**
   * What the listener was told. The listener runs after the state has flipped, so isHealthy can
   * change before a transition is recorded: every wait followed by reading transitions waits for
   * them too.
   */
  private final List<Transition> transitions = new CopyOnWriteArrayList<>();

  private final Map<String, CheckedServer> serverOf = new ConcurrentHashMap<>();
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private Scheduler scheduler;

  @BeforeEach
  void startScheduler() {
    scheduler = Schedulers.newParallel("health-test", 2);
  }

  @AfterEach
  void closeEverything() throws Exception {
    while (!resources.isEmpty()) {
      resources.pop().close();
    }
    scheduler.dispose();
  }

  @Test
  void endpointBecomesUnhealthyAfterExactlyUnhealthyThresholdFailedChecks() {
    CheckedServer server = server(503);
    ActiveHealthChecker checker = checker(FAST, Map.of("a", server));

    eventually().until(() -> !checker.isHealthy("a") && transitions.size() >= 1);

    assertThat(transitions).hasSize(1);
    Transition down = transitions.get(0);
    assertThat(down.requestsReceived()).isEqualTo(3);
    assertThat(down.status().healthy()).isFalse();
    assertThat(down.status().consecutiveFailures()).isEqualTo(3);
    assertThat(down.status().lastStatus()).isEqualTo(503);
    assertThat(down.status().lastFailureReason()).isEqualTo("HTTP 503 (expected 200-399)");
  }

  @Test
  void endpointBecomesHealthyAgainAfterHealthyThresholdPassedChecks() {
    CheckedServer server = server(503);
    ActiveHealthChecker checker = checker(FAST, Map.of("a", server));
    eventually().until(() -> !checker.isHealthy("a"));

    server.answer(200);
    eventually().until(() -> checker.isHealthy("a") && transitions.size() >= 2);

    assertThat(transitions).hasSize(2);
    Transition up = transitions.get(1);
    assertThat(up.status().healthy()).isTrue();
    assertThat(up.status().consecutivePasses()).isEqualTo(2);
    assertThat(server.answered(200)).isGreaterThanOrEqualTo(2);
    assertThat(up.requestsReceived() - server.answered(503)).isEqualTo(2);
    assertThat(up.status().lastFailureReason()).isEqualTo("HTTP 503 (expected 200-399)");
  }

  @Test
  void listenerIsCalledOncePerTransitionNotPerCheck() {
    CheckedServer server = server(503);
    ActiveHealthChecker checker = checker(FAST, Map.of("a", server));
    eventually().until(() -> server.answered(503) >= 8);
    server.answer(200);
    eventually().until(() -> server.answered(200) >= 6);

    assertThat(transitions)
        .extracting(t -> t.id() + "=" + t.status().healthy())
        .containsExactly("a=false", "a=true");
    assertThat(checker.isHealthy("a")).isTrue();
  }

  @Test
  void aFailedCheckRestartsTheCountOfPassesAndViceVersa() {
    CheckedServer server = server(200);
    ActiveHealthChecker checker = checker(FAST, Map.of("a", server));
    eventually().until(() -> checker.snapshot().get("a").consecutivePasses() >= 2);

    server.answer(500);
    eventually().until(() -> checker.snapshot().get("a").consecutiveFailures() >= 1);
    server.answer(200);
    eventually().until(() -> checker.snapshot().get("a").consecutivePasses() >= 3);

    assertThat(server.answered(500)).isLessThan(3);
    assertThat(transitions).isEmpty();
  }

  @Test
  void configuredStatusRangesDecideWhatPasses() {
    CheckedServer accepted = server(404);
    CheckedServer redirecting = server(302);
    ActiveHealthChecker checker =
        checker(
            FAST.withExpectedStatuses(StatusRanges.parse(List.of("200-299", "404"))),
            Map.of("not-found", accepted, "redirect", redirecting));

    eventually().until(() -> !checker.isHealthy("redirect") && !transitions.isEmpty());
    eventually().until(() -> accepted.answered(404) >= 5);

    assertThat(checker.isHealthy("not-found")).isTrue();
    assertThat(checker.snapshot().get("not-found").lastFailureReason()).isNull();
    assertThat(checker.snapshot().get("redirect").lastFailureReason())
        .isEqualTo("HTTP 302 (expected 200-299,404)");
    assertThat(transitions).extracting(Transition::id).containsExactly("redirect");
  }

  @Test
  void checkSlowerThanTheTimeoutFails() {
    CheckedServer server = server(200);
    server.delay(Duration.ofSeconds(3));
    ActiveHealthChecker checker =
        checker(
            FAST.withTiming(Duration.ofMillis(50), Duration.ofMillis(10), Duration.ofMillis(150)),
            Map.of("slow", server));

    eventually().until(() -> !checker.isHealthy("slow") && !transitions.isEmpty());

    EndpointHealthStatus status = checker.snapshot().get("slow");
    assertThat(status.lastFailureReason()).isEqualTo("timed out after 150ms");
    assertThat(status.lastStatus()).isZero();
    assertThat(transitions.get(0).requestsReceived()).isEqualTo(3);
  }

  @Test
  void aCheckInFlightWhenTheCheckerClosesRunsToItsEndAndIsIgnored() {
    CheckedServer server = server(503);
    server.delay(Duration.ofMillis(300));
    ActiveHealthChecker checker = checker(FAST, Map.of("a", server));
    eventually().until(() -> server.inFlight() == 1);

    checker.close();

    eventually().until(() -> server.inFlight() == 0);
    assertThat(server.sentToTheEnd()).isEqualTo(server.count());
    assertThat(server.count()).isEqualTo(1);
    assertThat(checker.snapshot().get("a").lastStatus()).isZero();
    assertThat(transitions).isEmpty();
  }

  @Test
  void neverMoreThanOneCheckOfAnEndpointIsInFlight() {
    CheckedServer server = server(200);
    server.delay(Duration.ofMillis(200));
    ActiveHealthChecker checker = checker(FAST, Map.of("a", server));

    eventually().until(() -> checker.snapshot().get("a").consecutivePasses() >= 4);

    assertThat(server.mostInFlight()).isEqualTo(1);
  }

  @Test
  void largeBodyIsReadToTheEndSoTheConnectionIsReused() {
    CheckedServer server = server(200);
    server.bodyKilobytes(256);
    ActiveHealthChecker checker = checker(FAST, Map.of("a", server));

    eventually().until(() -> checker.snapshot().get("a").consecutivePasses() >= 4);

    assertThat(server.received())
        .extracting(CheckedServer.Received::clientPort)
        .containsOnly(server.received().get(0).clientPort());
  }

  @Test
  void refusedConnectionFails() {
    URI closed = URI.create("http://127.0.0.1:" + CheckedServer.closedPort());
    ActiveHealthChecker checker = checker(FAST);
    checker.update(Map.of("gone", closed));

    eventually().until(() -> !checker.isHealthy("gone"));

    EndpointHealthStatus status = checker.snapshot().get("gone");
    assertThat(status.lastFailureReason()).isEqualTo("connection refused");
    assertThat(status.consecutiveFailures()).isGreaterThanOrEqualTo(3);
    assertThat(status.lastStatus()).isZero();
  }

  @Test
  void checkRequestsThePathJoinedToTheEndpointBasePathWithTheEndpointsHost() {
    CheckedServer server = server(200);
    ActiveHealthChecker checker = checker(FAST.withPath("/healthz?deep=1"));
    checker.update(Map.of("a", server.url("/base/")));

    eventually().until(() -> server.count() >= 1);

    CheckedServer.Received request = server.received().get(0);
    assertThat(request.uri()).isEqualTo("/base/healthz?deep=1");
    assertThat(request.host()).isEqualTo("127.0.0.1:" + server.port());
    assertThat(request.userAgent()).isEqualTo("portico-health-check");
  }

  @Test
  void hostOverrideIsSentAsTheHostHeader() {
    CheckedServer server = server(200);
    ActiveHealthChecker checker = checker(FAST.withHost("api.internal"), Map.of("a", server));

    eventually().until(() -> server.count() >= 2);

    assertThat(server.received())
        .extracting(CheckedServer.Received::host)
        .containsOnly("api.internal");
    assertThat(checker.isHealthy("a")).isTrue();
  }

  @Test
  void initiallyUnhealthyEndpointTakesTrafficOnlyAfterHealthyThresholdPasses() {
    CheckedServer server = server(200);
    ActiveHealthChecker checker = checker(FAST.withInitiallyHealthy(false), Map.of("a", server));

    assertThat(checker.isHealthy("a")).isFalse();
    eventually().until(() -> checker.isHealthy("a") && !transitions.isEmpty());

    assertThat(transitions).hasSize(1);
    assertThat(transitions.get(0).requestsReceived()).isEqualTo(2);
  }

  @Test
  void updateKeepsTheStateOfKeptEndpointsAndStopsCheckingRemovedOnes() {
    CheckedServer failing = server(503);
    CheckedServer removed = server(200);
    CheckedServer added = server(200);
    ActiveHealthChecker checker = checker(FAST, Map.of("a", failing, "b", removed));
    eventually()
        .until(() -> !checker.isHealthy("a") && removed.count() >= 1 && !transitions.isEmpty());

    checker.update(Map.of("a", failing.url("/"), "c", added.url("/")));
    int removedBefore = removed.count();
    int failingBefore = failing.count();
    assertThat(checker.isHealthy("a")).isFalse();
    assertThat(checker.snapshot().get("a").consecutiveFailures()).isGreaterThanOrEqualTo(3);
    eventually().until(() -> added.count() >= 5 && failing.count() >= failingBefore + 5);

    assertThat(removed.count()).isLessThanOrEqualTo(removedBefore + 1);
    assertThat(checker.isHealthy("a")).isFalse();
    assertThat(checker.snapshot()).containsOnlyKeys("a", "c");
    assertThat(checker.state("b")).isNull();
    assertThat(transitions).extracting(Transition::id).containsExactly("a");
    assertThat(healthyGauge(removed)).isNull();
    assertThat(healthyGauge(added).value()).isEqualTo(1.0);
  }

  @Test
  void updateRestartsAnEndpointWhoseUrlChanged() {
    CheckedServer failing = server(503);
    CheckedServer healthy = server(200);
    ActiveHealthChecker checker = checker(FAST, Map.of("a", failing));
    eventually().until(() -> !checker.isHealthy("a"));

    checker.update(Map.of("a", healthy.url("/")));

    assertThat(checker.isHealthy("a")).isTrue();
    assertThat(checker.snapshot().get("a").endpoint()).isEqualTo(healthy.url("/"));
    eventually().until(() -> healthy.count() >= 1);
  }

  @Test
  void updateRejectsAnEndpointThatIsNotAnHttpUrlAndChangesNothing() {
    CheckedServer server = server(200);
    ActiveHealthChecker checker = checker(FAST, Map.of("a", server));

    assertThatThrownBy(
            () -> checker.update(Map.of("a", server.url("/"), "b", URI.create("ftp://files/"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "health check endpoint 'b': 'ftp://files/' is not an http(s) URL with a host"
                + " (expected e.g. http://10.0.0.5:8080)");
    assertThat(checker.snapshot()).containsOnlyKeys("a");
  }

  @Test
  void unknownEndpointIsReportedHealthyAndHasNoState() {
    ActiveHealthChecker checker = checker(FAST);

    assertThat(checker.isHealthy("nobody")).isTrue();
    assertThat(checker.state("nobody")).isNull();
  }

  @Test
  void metricsFollowTheEndpointsStateAndCountChecksByResult() {
    CheckedServer server = server(503);
    ActiveHealthChecker checker = checker(FAST, Map.of("a", server));
    assertThat(healthyGauge(server).value()).isEqualTo(1.0);

    eventually().until(() -> !checker.isHealthy("a"));

    assertThat(healthyGauge(server).value()).isZero();
    eventually().until(() -> checks("fail") >= 3);
    assertThat(checks("pass")).isZero();

    server.answer(200);
    eventually().until(() -> checker.isHealthy("a"));
    assertThat(healthyGauge(server).value()).isEqualTo(1.0);
    eventually().until(() -> checks("pass") >= 2);
  }

  @Test
  void transitionsAreLoggedOnceEachWarnWithTheReasonInfoOnRecovery() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(ActiveHealthChecker.class);
    logs.start();
    logger.addAppender(logs);
    resources.push(() -> logger.detachAppender(logs));
    CheckedServer server = server(503);
    ActiveHealthChecker checker = checker(FAST, Map.of("a", server));
    eventually().until(() -> server.answered(503) >= 6);
    server.answer(200);
    eventually().until(() -> server.answered(200) >= 4 && checker.isHealthy("a"));

    assertThat(logs.list)
        .extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
        .containsExactly(
            tuple(
                Level.WARN,
                "Upstream shop endpoint a ("
                    + server.url("/")
                    + ") is unhealthy: 3 health checks failed in a row, the last with HTTP 503"
                    + " (expected 200-399)"),
            tuple(
                Level.INFO,
                "Upstream shop endpoint a ("
                    + server.url("/")
                    + ") is healthy: 2 health checks passed in a row"));
  }

  @Test
  void closeStopsAllChecksAndRemovesTheGauges() {
    CheckedServer first = server(200);
    CheckedServer second = server(503);
    CheckedServer witness = server(200);
    ActiveHealthChecker checker = checker(FAST, Map.of("a", first, "b", second));
    ActiveHealthChecker other = checker(FAST, Map.of("w", witness));
    eventually().until(() -> first.count() >= 1 && second.count() >= 1);

    checker.close();
    int firstBefore = first.count();
    int secondBefore = second.count();
    int witnessBefore = witness.count();
    eventually().until(() -> witness.count() >= witnessBefore + 6);

    assertThat(first.count()).isLessThanOrEqualTo(firstBefore + 1);
    assertThat(second.count()).isLessThanOrEqualTo(secondBefore + 1);
    assertThat(healthyGauge(first)).isNull();
    assertThat(healthyGauge(second)).isNull();
    assertThat(other.isHealthy("w")).isTrue();
    assertThatThrownBy(() -> checker.update(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("health checker of upstream shop is closed");
  }

  private CheckedServer server(int status) {
    CheckedServer server = new CheckedServer();
    server.answer(status);
    resources.push(server);
    return server;
  }

  private ActiveHealthChecker checker(HealthCheckSettings settings) {
    Random random = new Random(42);
    ActiveHealthChecker checker =
        new ActiveHealthChecker(
            "shop",
            settings,
            registry,
            (id, status) ->
                transitions.add(
                    new Transition(
                        id, status, serverOf.get(id) == null ? -1 : serverOf.get(id).count())),
            scheduler,
            Clock.systemUTC(),
            () -> random);
    resources.push(checker);
    return checker;
  }

  private ActiveHealthChecker checker(
      HealthCheckSettings settings, Map<String, CheckedServer> servers) {
    ActiveHealthChecker checker = checker(settings);
    serverOf.putAll(servers);
    Map<String, URI> endpoints = new HashMap<>();
    servers.forEach((id, server) -> endpoints.put(id, server.url("/")));
    checker.update(endpoints);
    return checker;
  }

  private Gauge healthyGauge(CheckedServer server) {
    return registry
        .find("portico.upstream.endpoint.healthy")
        .tag("upstream", "shop")
        .tag("endpoint", server.url("/").toString())
        .gauge();
  }

  private double checks(String result) {
    return registry
        .get("portico.upstream.health.checks")
        .tag("upstream", "shop")
        .tag("result", result)
        .counter()
        .count();
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10));
  }
}
