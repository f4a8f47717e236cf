package dev.portico.gateway.health;

import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends one health-check request and judges the answer. Uses its own small connection pool, so
 * checks never wait for (or take) connections of the proxied traffic, and keeps connections alive
 * between checks like Envoy does. Redirects are not followed (a 3xx is judged by its status). The
 * response body is read and discarded, every buffer released. Thread-safe.
 */
final class HealthProbe {

  static final String USER_AGENT = "portico-health-check";

  /** Connections per endpoint address: one check is in flight per endpoint, two leave slack. */
  private static final int CONNECTIONS_PER_ADDRESS = 2;

  private final ConnectionProvider pool;
  private final HttpClient client;
  private final Duration timeout;
  private final StatusRanges expected;
  private final Scheduler scheduler;
  private final UnaryOperator<HttpClient> transport;

  /**
   * @param transport applied to the client before each check (the current mTLS settings of a mesh
   *     upstream; identity otherwise)
   */
  HealthProbe(
      String upstream,
      HealthCheckSettings settings,
      Scheduler scheduler,
      UnaryOperator<HttpClient> transport) {
    this.transport = transport;
    this.timeout = settings.timeout();
    this.expected = settings.expectedStatuses();
    this.scheduler = scheduler;
    this.pool =
        ConnectionProvider.builder("portico-health-" + upstream)
            .maxConnections(CONNECTIONS_PER_ADDRESS)
            .pendingAcquireTimeout(timeout)
            .build();
    String host = settings.host();
    this.client =
        HttpClient.create(pool)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())))
            .responseTimeout(timeout)
            .followRedirect(false)
            .headers(
                headers -> {
                  headers.set(HttpHeaderNames.USER_AGENT, USER_AGENT);
                  if (host != null) {
                    headers.set(HttpHeaderNames.HOST, host);
                  }
                });
  }

  /**
   * GETs {@code target}; never fails: every error becomes a failed outcome. Completes within the
   * timeout (connecting, waiting and reading the body included), on the scheduler when it ran out.
   */
  Mono<CheckOutcome> check(URI target) {
    return transport
        .apply(client)
        .get()
        .uri(target)
        .response(
            (response, body) -> body.then(Mono.fromSupplier(() -> judge(response.status().code()))))
        .next()
        .timeout(timeout, scheduler)
        .onErrorResume(error -> Mono.just(CheckOutcome.fail(0, describe(error))));
  }

  private CheckOutcome judge(int status) {
    return expected.contains(status)
        ? CheckOutcome.pass(status)
        : CheckOutcome.fail(status, "HTTP " + status + " (expected " + expected + ")");
  }

  private String describe(Throwable error) {
    if (error instanceof TimeoutException
        || error instanceof ReadTimeoutException
        || error instanceof ConnectTimeoutException) {
      return "timed out after " + timeout.toMillis() + "ms";
    }
    if (error instanceof ConnectException) {
      // Netty's native transport words it "finishConnect(..) failed with error(-111): Connection
      // refused: /10.0.0.5:8080"; the endpoint is logged anyway, so the common case is kept short.
      String message = String.valueOf(error.getMessage());
      return message.contains("Connection refused")
          ? "connection refused"
          : "connection failed (" + message + ")";
    }
    if (error instanceof UnknownHostException) {
      return "host name not resolved (" + error.getMessage() + ")";
    }
    if (error instanceof PrematureCloseException) {
      return "connection closed before the response was complete";
    }
    String detail = error.getMessage() == null ? "" : ": " + error.getMessage();
    return "request failed (" + error.getClass().getSimpleName() + detail + ")";
  }

  /** Closes the pool's connections, without waiting. */
  void close() {
    pool.disposeLater().subscribe();
  }
}
