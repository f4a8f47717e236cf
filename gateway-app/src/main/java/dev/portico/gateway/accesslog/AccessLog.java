package dev.portico.gateway.accesslog;

import dev.portico.gateway.routing.ManagementPort;
import dev.portico.gateway.snapshot.SnapshotHolder;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * The access log: wraps the whole HTTP handler, error handling included, so it sees every request
 * of the public listener once its response has completed — routed, refused by a filter, answered
 * with a problem, or abandoned by the client — and counts the body bytes that actually went
 * through. Then it applies the sampling and hands one line to the {@link AccessLogWriter}; nothing
 * here blocks. Requests on the management port are not logged.
 *
 * <p>Thread-safe; holds no per-request state of its own.
 */
public final class AccessLog implements HttpHandlerDecoratorFactory {

  private final AccessLogPolicies policies;
  private final SnapshotHolder snapshots;
  private final AccessLogWriter writer;
  private final ManagementPort managementPort;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final IntSupplier percentRoll;

  /**
   * @param nanoTime a monotonic clock in nanoseconds, for durations
   * @param percentRoll a uniformly random number in 0..99 per call, for sampling
   */
  AccessLog(
      SnapshotHolder snapshots,
      AccessLogWriter writer,
      ManagementPort managementPort,
      Clock clock,
      LongSupplier nanoTime,
      IntSupplier percentRoll) {
    this.policies = new AccessLogPolicies(snapshots);
    this.snapshots = snapshots;
    this.writer = writer;
    this.managementPort = managementPort;
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.percentRoll = percentRoll;
  }

  @Override
  public HttpHandler apply(HttpHandler handler) {
    return (request, response) -> handle(handler, request, response);
  }

  private Mono<Void> handle(
      HttpHandler handler, ServerHttpRequest request, ServerHttpResponse response) {
    InetSocketAddress local = request.getLocalAddress();
    if ((local != null && managementPort.is(local.getPort())) || !policies.current().enabled()) {
      return handler.handle(request, response);
    }
    RequestRecord record = new RequestRecord(nanoTime.getAsLong());
    Instant started = clock.instant();
    return handler
        .handle(new CountingRequest(request, record), new CountingResponse(response, record))
        .doFinally(signal -> finished(request, response, record, started, signal));
  }

  private void finished(
      ServerHttpRequest request,
      ServerHttpResponse response,
      RequestRecord record,
      Instant started,
      SignalType signal) {
    long duration = nanoTime.getAsLong() - record.startNanos;
    AccessLogPolicy policy = policies.current();
    boolean completed = signal == SignalType.ON_COMPLETE;
    // An abandoned response has a status only if its headers went out; before that, the server's
    // default (200) would be a lie.
    HttpStatusCode code = completed || response.isCommitted() ? response.getStatusCode() : null;
    int status = code != null ? code.value() : completed ? 200 : 0;
    String routeId = RouteIds.of(record.exchange());
    if (!policy.logs(routeId, completed ? status : 0, percentRoll.getAsInt())) {
      return;
    }
    AccessEvent event =
        AccessEvents.collect(
            request,
            record,
            started,
            duration,
            policy.redactor(),
            snapshots.current().trustedProxies());
    event.status = status;
    event.outcome =
        signal == SignalType.ON_ERROR || (completed && status >= 500)
            ? AccessEvent.Outcome.FAILURE
            : completed ? AccessEvent.Outcome.SUCCESS : AccessEvent.Outcome.UNKNOWN;
    writer.offer(policy.target(), EcsLine.format(event));
  }
}
