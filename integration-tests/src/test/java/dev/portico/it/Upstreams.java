package dev.portico.it;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Upstream fixtures: WireMock servers on loopback and ports where nothing listens. */
final class Upstreams {

  private Upstreams() {}

  static WireMockServer wiremock() {
    WireMockServer server =
        new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(20));
    server.start();
    return server;
  }

  /** A loopback port that was free a moment ago and has no listener now. */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
