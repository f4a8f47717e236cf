package dev.portico.gateway.health;

import dev.portico.traffic.HealthCheckSchedule;
import dev.portico.traffic.HealthState;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * Actively checks the endpoints of one upstream by HTTP GET, off the request path, and keeps each
 * endpoint's {@link HealthState}.
 *
 * <p><b>Checks.</b> Each endpoint has its own loop: the first check after a random fraction of the
 * interval (so endpoints and gateway replicas do not check in step), then {@code interval ± jitter}
 * after the previous check <em>finished</em>, so at most one check per endpoint is in flight. A
 * check passes when the answer's status is one of the expected statuses; it fails on a connection
 * error, on a timeout (the whole exchange, body included) and on any other status. Checks use their
 * own connection pool, never the proxy's, and are non-blocking.
 *
 * <p><b>Results.</b> {@link #isHealthy} and {@link #state} are lock-free reads for the request
 * path; {@link #snapshot} is for the admin API. The listener, a WARN log line (with the reason) and
 * an INFO line report each transition between healthy and unhealthy, once per transition. Metrics:
 * {@code portico_upstream_endpoint_healthy{upstream, endpoint}} and {@code
 * portico_upstream_health_checks_total{upstream, result}}.
 *
 * <p><b>Failure behaviour.</b> A failing check is the only way to become unhealthy; an endpoint
 * this checker does not know is reported healthy (not checked means not excluded). A listener that
 * throws is logged; checks go on. After {@link #close} no check starts and the last known states
 * stay readable.
 *
 * <p>Thread-safe. Settings are fixed for the checker's life: when they change, close this checker
 * and build another.
 */
public final class ActiveHealthChecker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ActiveHealthChecker.class);

  private final String upstream;
  private final HealthCheckSettings settings;
  private final HealthTransitionListener listener;
  private final Supplier<? extends RandomGenerator> random;
  private final HealthProbe probe;
  private final HealthCheckMetrics metrics;
  private final EndpointCheck.Context context;
  private final Map<String, EndpointCheck> checks = new ConcurrentHashMap<>();
  private boolean closed; // guarded by this

  /**
   * Creates a checker with no endpoints; {@link #update} gives it some.
   *
   * @param upstream the upstream's name, for metrics, logs and the pool's name
   * @param scheduler times the checks, judges results and calls the listener (e.g. {@link
   *     Schedulers#parallel()})
   * @param clock stamps {@link EndpointHealthStatus#lastCheck()}
   * @param random draws the first delays and the jitter
   */
  public ActiveHealthChecker(
      String upstream,
      HealthCheckSettings settings,
      MeterRegistry registry,
      HealthTransitionListener listener,
      Scheduler scheduler,
      Clock clock,
      Supplier<? extends RandomGenerator> random) {
    this(
        upstream, settings, registry, listener, scheduler, clock, random, UnaryOperator.identity());
  }

  /**
   * As the other constructor, with {@code transport} applied to the probe's HTTP client before each
   * check (e.g. the current mTLS settings of a mesh upstream).
   */
  public ActiveHealthChecker(
      String upstream,
      HealthCheckSettings settings,
      MeterRegistry registry,
      HealthTransitionListener listener,
      Scheduler scheduler,
      Clock clock,
      Supplier<? extends RandomGenerator> random,
      UnaryOperator<HttpClient> transport) {
    this.upstream = Objects.requireNonNull(upstream, "upstream");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.random = Objects.requireNonNull(random, "random");
    this.probe = new HealthProbe(upstream, settings, scheduler, transport);
    this.metrics = new HealthCheckMetrics(registry, upstream);
    this.context =
        new EndpointCheck.Context(
            probe,
            new HealthCheckSchedule(settings.interval(), settings.jitter(), random),
            scheduler,
            clock,
            this::checked);
  }

  /** A checker timed by {@link Schedulers#parallel()}, the system clock and thread-local random. */
  public static ActiveHealthChecker create(
      String upstream,
      HealthCheckSettings settings,
      MeterRegistry registry,
      HealthTransitionListener listener) {
    return create(upstream, settings, registry, listener, UnaryOperator.identity());
  }

  /** As {@link #create(String, HealthCheckSettings, MeterRegistry, HealthTransitionListener)}. */
  public static ActiveHealthChecker create(
      String upstream,
      HealthCheckSettings settings,
      MeterRegistry registry,
      HealthTransitionListener listener,
      UnaryOperator<HttpClient> transport) {
    return new ActiveHealthChecker(
        upstream,
        settings,
        registry,
        listener,
        Schedulers.parallel(),
        Clock.systemUTC(),
        ThreadLocalRandom::current,
        transport);
  }

  /**
   * Makes {@code endpoints} (id → base URL) the set to check. An id kept with the same URL keeps
   * its state and its schedule; a new id, or an id whose URL changed, starts from the initial state
   * with its first check after a random fraction of the interval; a removed id is no longer checked
   * (a check in flight finishes, its result ignored) and its gauge is removed. The listener is not
   * called for these changes: the caller knows what it changed.
   *
   * @throws IllegalArgumentException naming the endpoint when a URL is not an absolute http(s) URL
   *     with a host; nothing is changed then
   * @throws IllegalStateException when the checker is closed
   */
  public synchronized void update(Map<String, URI> endpoints) {
    if (closed) {
      throw new IllegalStateException("health checker of upstream " + upstream + " is closed");
    }
    Map<String, URI> targets = new LinkedHashMap<>();
    endpoints.forEach((id, endpoint) -> targets.put(id, CheckTarget.of(id, endpoint, settings)));
    checks
        .values()
        .removeIf(
            check -> {
              boolean gone = !check.endpoint.equals(endpoints.get(check.id));
              if (gone) {
                stop(check);
              }
              return gone;
            });
    targets.forEach(
        (id, target) -> {
          if (!checks.containsKey(id)) {
            checks.put(id, start(id, endpoints.get(id), target));
          }
        });
  }

  private EndpointCheck start(String id, URI endpoint, URI target) {
    HealthState state =
        new HealthState(
            settings.healthyThreshold(),
            settings.unhealthyThreshold(),
            settings.initiallyHealthy());
    EndpointCheck check =
        new EndpointCheck(id, endpoint, target, state, metrics.bind(endpoint, state), context);
    long intervalNanos = settings.interval().toNanos();
    check.start(Duration.ofNanos(random.get().nextLong(intervalNanos)));
    return check;
  }

  private void stop(EndpointCheck check) {
    check.stop();
    metrics.unbind(check.endpoint, check.gauge);
  }

  private void checked(EndpointCheck check, CheckOutcome outcome, boolean transition) {
    metrics.checked(outcome.passed());
    if (!transition) {
      return;
    }
    EndpointHealthStatus status = check.status();
    if (status.healthy()) {
      log.info(
          "Upstream {} endpoint {} ({}) is healthy: {} health checks passed in a row",
          upstream,
          check.id,
          check.endpoint,
          status.consecutivePasses());
    } else {
      log.warn(
          "Upstream {} endpoint {} ({}) is unhealthy: {} health checks failed in a row, the last"
              + " with {}",
          upstream,
          check.id,
          check.endpoint,
          status.consecutiveFailures(),
          outcome.failureReason());
    }
    try {
      listener.healthChanged(check.id, status);
    } catch (RuntimeException e) {
      log.warn("Health transition listener of upstream {} failed", upstream, e);
    }
  }

  /** Whether endpoint {@code id} may take traffic as far as active checks know; true if unknown. */
  public boolean isHealthy(String id) {
    EndpointCheck check = checks.get(id);
    return check == null || check.state.isHealthy();
  }

  /**
   * The live state of endpoint {@code id}, {@code null} if it is not checked; for {@code
   * dev.portico.traffic.EndpointHealth}. Read it, never record on it.
   */
  public HealthState state(String id) {
    EndpointCheck check = checks.get(id);
    return check == null ? null : check.state;
  }

  /** Every checked endpoint's status by id, as of now. */
  public Map<String, EndpointHealthStatus> snapshot() {
    Map<String, EndpointHealthStatus> snapshot = new LinkedHashMap<>();
    checks.forEach((id, check) -> snapshot.put(id, check.status()));
    return Map.copyOf(snapshot);
  }

  public String upstream() {
    return upstream;
  }

  public HealthCheckSettings settings() {
    return settings;
  }

  /**
   * Stops every check (checks in flight finish, at most the timeout later, and are ignored),
   * removes the gauges and closes the connection pool without waiting: idle connections at once,
   * the connections of checks in flight when those end. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    checks.values().forEach(this::stop);
    probe.close();
  }
}
