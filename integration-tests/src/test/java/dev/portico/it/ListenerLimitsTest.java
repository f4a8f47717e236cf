package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gateway.listen.limits over raw sockets: slow heads (slowloris) get 408 and a close, stalled
 * bodies and idle keep-alive connections are closed, connections over the cap are closed on accept,
 * and the request line and head sizes follow the configuration.
 */
class ListenerLimitsTest {

  private static final String HOST = "Host: app.example\r\n";

  static WireMockServer upstream;
  static PorticoGateway gateway;

  @BeforeAll
  static void start(@TempDir Path dir) {
    upstream = Upstreams.wiremock();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    gateway =
        PorticoGateway.start(
            dir,
            """
            gateway:
              listen:
                limits:
                  max-request-line: 1KB
                  max-header-size: 2KB
                  max-connections: 3
                  max-concurrent-streams: 7
                  headers-timeout: 1s
                  body-read-timeout: 1s
                  idle-timeout: 2s
            upstreams:
              app: { endpoints: [ { url: "http://127.0.0.1:%d" } ] }
            routes:
              - { id: app, match: { path: /** }, upstream: app, public: true }
            """
                .formatted(upstream.port()));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    upstream.stop();
  }

  @BeforeEach
  void noConnectionsLeftOpen() {
    upstream.resetRequests();
    // Connections of the previous test are closed; the cap counts only this test's.
    await().atMost(Duration.ofSeconds(10)).until(() -> openConnections() == 0);
  }

  @Test
  void aHeadSentSlowerThanTheHeadersTimeoutGets408AndTheConnectionIsClosed() throws IOException {
    double before = gateway.counter("portico.requests.refused", "reason", "headers-timeout");
    try (Socket socket = connect()) {
      socket.setSoTimeout(200);
      var out = socket.getOutputStream();
      out.write(("GET /slow HTTP/1.1\r\n" + HOST).getBytes(StandardCharsets.US_ASCII));
      String response = "";
      // One header line every 200 ms: each read resets an idle timer, never the head's deadline.
      for (int line = 0; line < 50 && response.isEmpty(); line++) {
        try {
          out.write(("X-Drip-" + line + ": x\r\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (SocketException closed) {
          break;
        }
        response = readAvailable(socket.getInputStream());
      }
      socket.setSoTimeout(5_000);
      response += readToEnd(socket.getInputStream());

      assertThat(response).startsWith("HTTP/1.1 408 ").contains("request-head-timeout");
      assertThat(response.toLowerCase()).contains("connection: close");
    }
    assertThat(upstream.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    assertThat(gateway.counter("portico.requests.refused", "reason", "headers-timeout"))
        .isGreaterThan(before);
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAfterTheHeadersTimeout() throws IOException {
    try (Socket socket = connect()) {
      String response = readToEnd(socket.getInputStream());

      assertThat(response).startsWith("HTTP/1.1 408 ");
    }
  }

  @Test
  void aHeadSentInSlicesWithinTheTimeoutIsServed() throws Exception {
    try (Socket socket = connect()) {
      var out = socket.getOutputStream();
      for (String slice :
          List.of("GET /sli", "ced HTTP/1.1\r\n" + HOST, "Connection: close\r\n\r\n")) {
        out.write(slice.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(100);
      }

      assertThat(readToEnd(socket.getInputStream()))
          .startsWith("HTTP/1.1 200 ")
          .contains("\r\nok\r\n");
    }
  }

  @Test
  void aBodyThatStallsFailsAndTheUpstreamNeverGetsACompleteRequest() throws IOException {
    try (Socket socket = connect()) {
      socket
          .getOutputStream()
          .write(
              ("POST /upload HTTP/1.1\r\n" + HOST + "Content-Length: 100\r\n\r\n0123456789")
                  .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();

      String response = readToEnd(socket.getInputStream());

      // Closed by the body read timeout; a status, when one could still be written, is an error.
      if (!response.isEmpty()) {
        assertThat(response).matches("(?s)HTTP/1\\.1 [45]\\d\\d .*");
      }
    }
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> upstream.findAll(anyRequestedFor(anyUrl())).isEmpty());
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws IOException {
    try (Socket socket = connect()) {
      socket
          .getOutputStream()
          .write(("GET /once HTTP/1.1\r\n" + HOST + "\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();

      String response = readToEnd(socket.getInputStream());

      assertThat(response).startsWith("HTTP/1.1 200 ").contains("\r\nok\r\n");
      assertThat(response.toLowerCase()).doesNotContain("connection: close");
    }
  }

  @Test
  void connectionsOverTheCapAreClosedOnAcceptAndAdmittedAgainWhenOneCloses() throws IOException {
    double refusedBefore =
        gateway.counter("portico.connections.refused", "reason", "max-connections");
    List<Socket> open = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket socket = connect();
        open.add(socket);
        assertThat(get(socket, "/kept-" + i)).startsWith("HTTP/1.1 200 ");
      }
      assertThat(openConnections()).isEqualTo(3);

      try (Socket fourth = connect()) {
        assertThat(readToEnd(fourth.getInputStream())).as("closed without a byte").isEmpty();
      }
      assertThat(gateway.counter("portico.connections.refused", "reason", "max-connections"))
          .isGreaterThan(refusedBefore);

      open.remove(0).close();
      await().atMost(Duration.ofSeconds(5)).until(() -> openConnections() == 2);
      try (Socket again = connect()) {
        assertThat(get(again, "/again")).startsWith("HTTP/1.1 200 ");
      }
    } finally {
      for (Socket socket : open) {
        socket.close();
      }
    }
  }

  @Test
  void theRequestLineAndHeadSizesFollowTheConfiguration() throws IOException {
    try (Socket socket = connect()) {
      socket
          .getOutputStream()
          .write(
              ("GET /" + "a".repeat(1_100) + " HTTP/1.1\r\n" + HOST + "\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      assertThat(readToEnd(socket.getInputStream())).startsWith("HTTP/1.1 414 ");
    }
    try (Socket socket = connect()) {
      socket
          .getOutputStream()
          .write(
              ("GET /a HTTP/1.1\r\n" + HOST + "X-Big: " + "b".repeat(2_100) + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      assertThat(readToEnd(socket.getInputStream())).startsWith("HTTP/1.1 431 ");
    }
    try (Socket socket = connect()) {
      assertThat(get(socket, "/" + "a".repeat(900))).startsWith("HTTP/1.1 200 ");
    }
    assertThat(upstream.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
  }

  @Test
  void http2ClientsAreToldTheStreamAndHeaderListLimits() throws IOException {
    try (Socket socket = connect()) {
      var out = socket.getOutputStream();
      // h2c with prior knowledge: the preface, then an empty SETTINGS frame.
      out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
      out.flush();
      var in = new java.io.DataInputStream(socket.getInputStream());
      int length = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
      int type = in.readUnsignedByte();
      in.readUnsignedByte(); // flags
      in.readInt(); // stream 0
      assertThat(type).as("the server's first frame is SETTINGS").isEqualTo(4);
      java.util.Map<Integer, Long> settings = new java.util.HashMap<>();
      for (int read = 0; read < length; read += 6) {
        settings.put(in.readUnsignedShort(), in.readInt() & 0xffffffffL);
      }

      assertThat(settings).containsEntry(0x3, 7L).containsEntry(0x6, 2048L);
    }
  }

  private static double openConnections() {
    return gateway.meters().get("portico.connections.active").gauge().value();
  }

  private static Socket connect() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port());
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** One keep-alive GET; returns its response once its chunked body has ended. */
  private static String get(Socket socket, String path) throws IOException {
    socket
        .getOutputStream()
        .write(
            ("GET " + path + " HTTP/1.1\r\n" + HOST + "\r\n").getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    StringBuilder text = new StringBuilder();
    while (!(text.indexOf("\r\n\r\n") > 0 && text.toString().endsWith("\r\n0\r\n\r\n"))) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      text.append((char) b);
    }
    return text.toString();
  }

  private static String readAvailable(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try {
      int n = in.read(buffer);
      if (n > 0) {
        bytes.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException nothingYet) {
      return "";
    } catch (SocketException reset) {
      return "";
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }

  /** Reads until the gateway closes the connection; a reset after some bytes still counts. */
  private static String readToEnd(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      in.transferTo(bytes);
    } catch (SocketException reset) {
      // closed with unread bytes: what arrived before counts
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }
}
