package dev.portico.gateway.health;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real HTTP server on a free port whose answer (status, delay) the test switches, and which
 * records every request it received.
 */
final class CheckedServer implements AutoCloseable {

  /**
   * A request as received, the client's port (same port: same connection) and the status it was
   * (or, if delayed, was to be) answered with.
   */
  record Received(String uri, String host, String userAgent, int clientPort, int status) {}

  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
  private final AtomicInteger bodyKilobytes = new AtomicInteger(0);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final AtomicInteger sentToTheEnd = new AtomicInteger();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final DisposableServer server;

  CheckedServer() {
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(
                (request, response) -> {
                  int answer = status.get();
                  received.add(
                      new Received(
                          request.uri(),
                          request.requestHeaders().get("Host"),
                          request.requestHeaders().get("User-Agent"),
                          ((InetSocketAddress) request.remoteAddress()).getPort(),
                          answer));
                  mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                  Mono<Void> send = response.status(answer).sendString(body(answer)).then();
                  Duration wait = delay.get();
                  return (wait.isZero() ? send : Mono.delay(wait).then(send))
                      .doFinally(
                          signal -> {
                            inFlight.decrementAndGet();
                            if (signal == SignalType.ON_COMPLETE) {
                              sentToTheEnd.incrementAndGet();
                            }
                          });
                })
            .bindNow();
  }

  /** "status 200", or that many kilobytes in 1 KB chunks. */
  private Flux<String> body(int answer) {
    int kilobytes = bodyKilobytes.get();
    return kilobytes == 0
        ? Flux.just("status " + answer)
        : Flux.range(0, kilobytes).map(i -> "x".repeat(1024));
  }

  /** A port nothing listens on (a server bound it and closed again). */
  static int closedPort() {
    try (CheckedServer server = new CheckedServer()) {
      return server.port();
    }
  }

  int port() {
    return server.port();
  }

  URI url(String basePath) {
    return URI.create("http://127.0.0.1:" + port() + basePath);
  }

  void answer(int newStatus) {
    status.set(newStatus);
  }

  void delay(Duration newDelay) {
    delay.set(newDelay);
  }

  void bodyKilobytes(int kilobytes) {
    bodyKilobytes.set(kilobytes);
  }

  /** Requests being answered now. */
  int inFlight() {
    return inFlight.get();
  }

  /** Responses sent completely (not cut short by the client closing the connection). */
  int sentToTheEnd() {
    return sentToTheEnd.get();
  }

  /** The most requests this server was answering at the same time. */
  int mostInFlight() {
    return mostInFlight.get();
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  int count() {
    return received.size();
  }

  long answered(int withStatus) {
    return received.stream().filter(r -> r.status() == withStatus).count();
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}
