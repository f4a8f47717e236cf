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
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request smuggling and framing, over raw sockets: every ambiguous request is refused before it
 * reaches the upstream, and the connection is closed so that no leftover byte is read as another
 * request. Each case is sent on its own connection, byte for byte.
 */
class RequestSmugglingTest {

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
  void forget() {
    upstream.resetRequests();
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            "Content-Length and Transfer-Encoding",
            "POST /a HTTP/1.1\r\n"
                + HOST
                + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n"
                + "\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\n"
                + HOST
                + "\r\n",
            400),
        Arguments.of(
            "Transfer-Encoding and Content-Length",
            "POST /a HTTP/1.1\r\n"
                + HOST
                + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n"
                + "\r\n0\r\n\r\n",
            400),
        Arguments.of(
            "two different Content-Lengths",
            "POST /a HTTP/1.1\r\n" + HOST + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
            400),
        Arguments.of(
            "two equal Content-Lengths",
            "POST /a HTTP/1.1\r\n" + HOST + "Content-Length: 4\r\nContent-Length: 4\r\n\r\nabcd",
            400),
        Arguments.of(
            "a Content-Length list",
            "POST /a HTTP/1.1\r\n" + HOST + "Content-Length: 4, 4\r\n\r\nabcd",
            400),
        Arguments.of(
            "a signed Content-Length",
            "POST /a HTTP/1.1\r\n" + HOST + "Content-Length: +4\r\n\r\nabcd",
            400),
        Arguments.of(
            "an unknown transfer coding",
            "POST /a HTTP/1.1\r\n"
                + HOST
                + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"
                + "GET /smuggled HTTP/1.1\r\n"
                + HOST
                + "\r\n",
            501),
        Arguments.of(
            "chunked not alone",
            "POST /a HTTP/1.1\r\n"
                + HOST
                + "Transfer-Encoding: identity, chunked\r\n\r\n"
                + "0\r\n\r\n",
            501),
        Arguments.of(
            "chunked then another coding",
            "POST /a HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
            400),
        Arguments.of(
            "Transfer-Encoding on HTTP/1.0",
            "POST /a HTTP/1.0\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400),
        Arguments.of(
            "whitespace before the colon",
            "POST /a HTTP/1.1\r\n" + HOST + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
            400),
        Arguments.of(
            "a bare CR in a header value",
            "GET /a HTTP/1.1\r\n" + HOST + "X-A: o\rne\r\n\r\n",
            400),
        Arguments.of(
            "a bare LF in a header value",
            "GET /a HTTP/1.1\r\n" + HOST + "X-A: o\nX-B: two\r\n\r\n",
            400),
        Arguments.of("bare LF line ends", "GET /a HTTP/1.1\n" + "Host: app.example\n\n", 400),
        Arguments.of(
            "NUL in a header value", "GET /a HTTP/1.1\r\n" + HOST + "X-A: a\u0000b\r\n\r\n", 400),
        Arguments.of(
            "a space in a header name", "GET /a HTTP/1.1\r\n" + HOST + "X A: b\r\n\r\n", 400),
        Arguments.of("no Host on HTTP/1.1", "GET /a HTTP/1.1\r\n\r\n", 400),
        Arguments.of("two Hosts", "GET /a HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        // Just over the limits (32 KB of headers, 4 KB request line), and no more: bytes the
        // gateway
        // has not read when it closes would turn its FIN into a reset that can lose the response.
        Arguments.of(
            "a header section over the limit",
            "GET /a HTTP/1.1\r\n" + HOST + "X-A: " + "a".repeat(33_000) + "\r\n",
            431),
        Arguments.of(
            "a request line over the limit", "GET /" + "a".repeat(9_000) + " HTTP/1.1\r\n", 414),
        Arguments.of(
            "obsolete line folding with a space",
            "GET /a HTTP/1.1\r\n" + HOST + "X-A: one\r\n two\r\n\r\n",
            400),
        Arguments.of(
            "obsolete line folding with a tab",
            "GET /a HTTP/1.1\r\n" + HOST + "X-A: one\r\n\ttwo\r\n\r\n",
            400),
        Arguments.of(
            "a folded Transfer-Encoding",
            "POST /a HTTP/1.1\r\n"
                + HOST
                + "Content-Length: 3\r\nX-A: b\r\n Transfer-Encoding: chunked\r\n\r\nabc",
            400),
        Arguments.of(
            "whitespace before the first header line",
            "GET /a HTTP/1.1\r\n " + HOST + "\r\n",
            400));
  }

  @ParameterizedTest(name = "{0} → {2}")
  @MethodSource("refused")
  void isRefusedAndNeverForwarded(String name, String request, int status) {
    String response = exchange(request);

    assertThat(statusOf(response)).as(response).isEqualTo(status);
    assertThat(response.toLowerCase(Locale.ROOT))
        .as("the connection is closed after the refusal")
        .contains("\r\nconnection: close\r\n");
    assertThat(upstream.findAll(anyRequestedFor(anyUrl())))
        .as("nothing reached the upstream")
        .isEmpty();
  }

  @Test
  void aWellFramedRequestOnTheSameListenerIsServed() {
    String response =
        exchange(
            "POST /a HTTP/1.1\r\n"
                + HOST
                + "Transfer-Encoding: Chunked\r\nConnection: close\r\n\r\n"
                + "4\r\nabcd\r\n0\r\n\r\n");

    assertThat(statusOf(response)).as(response).isEqualTo(200);
    assertThat(upstream.findAll(anyRequestedFor(anyUrl())))
        .singleElement()
        .satisfies(received -> assertThat(received.getBodyAsString()).isEqualTo("abcd"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedBodies")
  void aBodyThatTurnsMalformedNeverReachesTheUpstreamAsComplete(String name, String request) {
    String response = exchangeOrClosed(request);

    // The head was valid, so forwarding may have begun: the body's failure must abort it, never
    // end it. The client gets a 400, or the connection closed when no answer can be written.
    if (!response.isEmpty()) {
      assertThat(statusOf(response)).as(response).isEqualTo(400);
    }
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> upstream.findAll(anyRequestedFor(anyUrl())).isEmpty());
    assertThat(gateway.counter("portico.requests.refused", "reason", "malformed-body"))
        .isPositive();
  }

  static Stream<Arguments> malformedBodies() {
    return Stream.of(
        Arguments.of(
            "a malformed first chunk size",
            "POST /a HTTP/1.1\r\n"
                + HOST
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"),
        Arguments.of(
            "a malformed chunk size after a good chunk",
            "POST /b HTTP/1.1\r\n"
                + HOST
                + "Transfer-Encoding: chunked\r\n\r\n"
                + "4\r\nabcd\r\nzz\r\nabc\r\n0\r\n\r\n"));
  }

  @Test
  void aBodyWithIndentedLinesIsNotMistakenForFoldedHeaders() {
    String body = "line one\r\n  indented\r\n\tand tabbed\r\n";
    String response =
        exchange(
            "POST /a HTTP/1.1\r\n"
                + HOST
                + "Connection: close\r\nContent-Length: "
                + body.length()
                + "\r\n\r\n"
                + body);

    assertThat(statusOf(response)).as(response).isEqualTo(200);
    assertThat(upstream.findAll(anyRequestedFor(anyUrl())))
        .singleElement()
        .satisfies(received -> assertThat(received.getBodyAsString()).isEqualTo(body));
  }

  @Test
  void aFoldedLineInTheSecondRequestOfAKeepAliveConnectionIsRefused() throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
      socket.setSoTimeout(10_000);
      var out = socket.getOutputStream();
      var in = socket.getInputStream();
      out.write(("GET /first HTTP/1.1\r\n" + HOST + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String first = readResponseWithBody(in, "\r\n0\r\n\r\n");
      assertThat(statusOf(first)).as(first).isEqualTo(200);

      out.write(
          ("GET /second HTTP/1.1\r\n" + HOST + "X-A: one\r\n two\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      ByteArrayOutputStream rest = new ByteArrayOutputStream();
      in.transferTo(rest);
      String second = rest.toString(StandardCharsets.ISO_8859_1);

      assertThat(statusOf(second)).as(second).isEqualTo(400);
      assertThat(second).contains("obsolete-line-folding");
    }
    assertThat(upstream.findAll(anyRequestedFor(anyUrl())))
        .extracting(request -> request.getUrl())
        .containsExactly("/first");
    assertThat(gateway.counter("portico.requests.refused", "reason", "obsolete-line-folding"))
        .isPositive();
  }

  /** Reads one response until it ends with {@code end}, leaving the connection open. */
  private static String readResponseWithBody(java.io.InputStream in, String bodyEnd)
      throws IOException {
    StringBuilder text = new StringBuilder();
    while (!(text.indexOf("\r\n\r\n") > 0 && text.toString().endsWith(bodyEnd))) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      text.append((char) b);
    }
    return text.toString();
  }

  @Test
  void anHttp10RequestNeedsNoHost() {
    String response = exchange("GET /a HTTP/1.0\r\n\r\n");

    assertThat(statusOf(response)).as(response).isEqualTo(200);
  }

  /** Like {@link #exchange}, but a connection closed (or reset) with no answer gives "". */
  private static String exchangeOrClosed(String request) {
    try {
      return exchange(request);
    } catch (UncheckedIOException reset) {
      return "";
    }
  }

  /** Sends {@code request} byte for byte on a new connection; reads until the gateway closes it. */
  private static String exchange(String request) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try {
        socket.getInputStream().transferTo(bytes);
      } catch (SocketException reset) {
        // A reset after the response (the gateway closed with unread bytes): the response counts.
        if (bytes.size() == 0) {
          throw reset;
        }
      }
      return bytes.toString(StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int statusOf(String response) {
    assertThat(response).as("a response").startsWith("HTTP/1.");
    return Integer.parseInt(response.substring(9, 12));
  }
}
