package dev.portico.gateway.health;

import dev.portico.traffic.HealthCheckSchedule;
import dev.portico.traffic.HealthState;
import io.micrometer.core.instrument.Gauge;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The check loop of one endpoint, a single subscription: wait, check, record, wait again. The next
 * wait starts only when a check has finished, so at most one check per endpoint is in flight.
 * {@link #stop} cancels whichever step is running; a result that arrives later is ignored.
 */
final class EndpointCheck {

  private static final Logger log = LoggerFactory.getLogger(EndpointCheck.class);

  /** Where results go: metrics, logs, the listener. */
  interface Observer {
    void checked(EndpointCheck check, CheckOutcome outcome, boolean transition);
  }

  /** What the loops of one checker share. */
  record Context(
      HealthProbe probe,
      HealthCheckSchedule schedule,
      Scheduler scheduler,
      Clock clock,
      Observer observer) {}

  final String id;
  final URI endpoint;
  final HealthState state;
  final Gauge gauge;
  private final URI target;
  private final Context context;
  private final AtomicReference<EndpointHealthStatus> status;
  private volatile boolean stopped;
  private volatile Disposable loop;

  EndpointCheck(
      String id, URI endpoint, URI target, HealthState state, Gauge gauge, Context context) {
    this.id = id;
    this.endpoint = endpoint;
    this.target = target;
    this.state = state;
    this.gauge = gauge;
    this.context = context;
    this.status =
        new AtomicReference<>(EndpointHealthStatus.unchecked(endpoint, state.isHealthy()));
  }

  /** Starts the loop; the first check comes after {@code firstDelay}. */
  void start(Duration firstDelay) {
    Scheduler scheduler = context.scheduler();
    Mono<Void> round =
        Mono.defer(() -> context.probe().check(target))
            .publishOn(scheduler)
            .doOnNext(this::record)
            .then(Mono.defer(() -> Mono.delay(context.schedule().nextDelay(), scheduler)))
            .then();
    loop =
        Mono.delay(firstDelay, scheduler)
            .then(round.repeat().then())
            .subscribe(
                null,
                error ->
                    log.error(
                        "Health checks of {} ({}) stopped unexpectedly", id, endpoint, error));
  }

  /** Cancels the wait or the check in flight. */
  void stop() {
    stopped = true;
    Disposable running = loop;
    if (running != null) {
      running.dispose();
    }
  }

  EndpointHealthStatus status() {
    return status.get();
  }

  private void record(CheckOutcome outcome) {
    if (stopped) {
      return;
    }
    try {
      boolean transition = outcome.passed() ? state.recordPass() : state.recordFailure();
      boolean healthy = state.isHealthy();
      status.updateAndGet(previous -> previous.after(outcome, healthy, context.clock().instant()));
      context.observer().checked(this, outcome, transition);
    } catch (RuntimeException e) {
      // A bug in reporting must not end the checks of this endpoint.
      log.error("Recording a health check of {} ({}) failed", id, endpoint, e);
    }
  }
}
