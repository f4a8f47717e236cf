package dev.portico.gateway.health;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real HTTP server on a free port whose answer (status, delay) the test switches, and which
 * records every request it received.
 */
final class CheckedServer implements AutoCloseable {

  /** A request as received, and the status it was (or, if delayed, was to be) answered with. */
  record Received(String uri, String host, String userAgent, int status) {}

  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
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
                          answer));
                  Mono<Void> send =
                      response.status(answer).sendString(Mono.just("status " + answer)).then();
                  Duration wait = delay.get();
                  return wait.isZero() ? send : Mono.delay(wait).then(send);
                })
            .bindNow();
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
