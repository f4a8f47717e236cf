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
 * {@link #stop} ends the loop: a wait is cancelled, a check in flight runs to its end (at most the
 * timeout) and its result is ignored.
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
    // A check in flight is not cancelled with the loop: cancelling an HTTP exchange from another
    // thread while its response arrives could leave a response buffer unreleased (Netty's leak
    // detector caught one in ActiveHealthCheckerTest). It runs to its end, at most the timeout,
    // and returns its connection; the stopped loop ignores the result.
    Mono<Void> round =
        Mono.defer(() -> Mono.fromFuture(context.probe().check(target).toFuture(), true))
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

  /** Ends the loop: cancels the wait; a check in flight finishes and is ignored. */
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
