package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Path normalization against bypass attempts. {@code /admin/**} goes to admin-svc and requires an
 * API key; {@code /public/**}, a strip-prefix route and a catch-all go to public-svc. Each attempt
 * is sent as the exact bytes of an HTTP/1.1 request line (an HTTP client would re-encode the path),
 * and for each one admin-svc must receive nothing: the request is refused (400), lands on the admin
 * route and is refused for lack of credentials (401), or reaches public-svc with the very path the
 * router matched. A second gateway runs with every normalization switch off.
 */
class PathBypassTest {

  private static final String API_KEY = "ops-key-1";
  private static final String INVALID_PATH = "https://portico.dev/problems/invalid-path";

  static WireMockServer adminSvc;
  static WireMockServer publicSvc;
  static PorticoGateway gateway;
  static PorticoGateway lenientGateway;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    adminSvc = Upstreams.wiremock();
    publicSvc = Upstreams.wiremock();
    adminSvc.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("admin")));
    publicSvc.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("public")));
    gateway = PorticoGateway.start(Files.createDirectory(dir.resolve("strict")), config(""));
    lenientGateway =
        PorticoGateway.start(
            Files.createDirectory(dir.resolve("lenient")),
            config(
                """
                gateway:
                  path-normalization:
                    merge-slashes: false
                    reject-encoded-slashes: false
                    reject-semicolons: false
                """));
  }

  private static String config(String gatewaySection) throws Exception {
    return gatewaySection
        + """
        consumers:
          ops:
            api-keys: ["sha256:%s"]
        upstreams:
          admin-svc: { endpoints: [ { url: "http://127.0.0.1:%d" } ] }
          public-svc: { endpoints: [ { url: "http://127.0.0.1:%d" } ] }
        routes:
          - { id: admin, match: { path: /admin/** }, upstream: admin-svc, auth: { api-key: {} } }
          - { id: public, match: { path: /public/** }, upstream: public-svc, public: true }
          - { id: stripped, match: { path: /strip/** }, upstream: public-svc, strip-prefix: 1, public: true }
          - { id: everything-else, match: { path: /** }, upstream: public-svc, public: true }
        """
            .formatted(sha256(API_KEY), adminSvc.port(), publicSvc.port());
  }

  @AfterAll
  static void stop() {
    lenientGateway.close();
    gateway.close();
    adminSvc.stop();
    publicSvc.stop();
  }

  @BeforeEach
  void forgetRequests() {
    adminSvc.resetRequests();
    publicSvc.resetRequests();
  }

  /**
   * One attempt: the request target as sent, the status expected, and for a request that reaches
   * public-svc the path (and query) it must receive there.
   */
  record Attempt(String target, int status, String publicPath, boolean problem) {

    static Attempt refused(String target) {
      return new Attempt(target, 400, null, true);
    }

    /** Refused with 400 before Portico's filter runs (by Netty or Spring's URI parsing). */
    static Attempt refusedByServer(String target) {
      return new Attempt(target, 400, null, false);
    }

    static Attempt adminRoute(String target) {
      return new Attempt(target, 401, null, false);
    }

    static Attempt reachesPublic(String target, String path) {
      return new Attempt(target, 200, path, false);
    }

    @Override
    public String toString() {
      StringBuilder shown = new StringBuilder();
      for (char c : target.toCharArray()) {
        shown.append(c < 0x20 || c > 0x7E ? String.format("\\x%02X", (int) c) : c);
      }
      return shown.append(" -> ").append(status).toString();
    }
  }

  static Stream<Attempt> bypassAttempts() {
    return Stream.of(
        Attempt.adminRoute("/admin/x"),
        Attempt.reachesPublic("/admin/../public/x", "/public/x"),
        Attempt.reachesPublic("/admin/x/../../public/y", "/public/y"),
        Attempt.refused("/%2e%2e/admin"),
        Attempt.refused("/%2e/admin/x"),
        Attempt.refused("/public/%2e%2e/admin/x"),
        Attempt.refused("/public/.%2e/admin"),
        Attempt.refused("/public/%2E%2E/%2E%2E/admin"),
        Attempt.refused("/admin/%2e%2e/public/x"),
        Attempt.refused("/public/..%2fadmin"),
        Attempt.refused("/public/..%2F..%2Fadmin"),
        Attempt.refused("/public/%2e%2e%2fadmin"),
        Attempt.refused("/admin%2fx"),
        Attempt.adminRoute("//admin/x"),
        Attempt.adminRoute("/public//..//admin/x"),
        Attempt.refused("/admin;x=y"),
        Attempt.refused("/admin;/x"),
        Attempt.refused("/public;/../admin"),
        Attempt.refused("/public/..;/admin/x"),
        Attempt.reachesPublic("/ADMIN/x", "/ADMIN/x"),
        Attempt.reachesPublic("/Admin/x", "/Admin/x"),
        Attempt.adminRoute("/%61dmin/x"),
        Attempt.adminRoute("/%61%64%6D%69%6E/x"),
        Attempt.reachesPublic("/public/%252e%252e/admin", "/public/%252e%252e/admin"),
        Attempt.refused("/public/%c0%ae%c0%ae/admin"),
        Attempt.refused("/public/%e0%80%ae./admin"),
        Attempt.refused("/public/%c0%af../admin"),
        Attempt.refused("/public/%ed%a0%80/../../admin"),
        Attempt.refused("/public/\u00c0\u00ae\u00c0\u00ae/admin"),
        Attempt.refusedByServer("/public\\..\\admin"),
        Attempt.refused("/public/%5c../admin"),
        Attempt.refused("/public/..%5cadmin"),
        Attempt.refused("/admin%00/x"),
        Attempt.refused("/public/..%00/admin"),
        Attempt.refusedByServer("/public/%u002e%u002e/admin"),
        Attempt.adminRoute("/./admin/x"),
        Attempt.adminRoute("/public/./../admin/x"),
        Attempt.adminRoute("/public/../../../../admin/x"),
        Attempt.adminRoute("/admin/x#frag"),
        Attempt.adminRoute("/admin/x?.."),
        Attempt.reachesPublic(
            "/public/x?path=/../admin&e=%2e%2e", "/public/x?path=/../admin&e=%2e%2e"),
        Attempt.adminRoute("http://evil.example/admin/x"),
        Attempt.adminRoute("http://127.0.0.1/public/../admin/x"),
        Attempt.reachesPublic("/strip/./a/../admin/x", "/admin/x"),
        Attempt.adminRoute("/strip/../admin/x"),
        Attempt.reachesPublic("/admin%20/x", "/admin%20/x"),
        Attempt.refusedByServer("/admin\t/x"),
        Attempt.refusedByServer("/admin /x"),
        Attempt.refused("admin/x"),
        Attempt.refused("admin/../x"),
        Attempt.refused("*"),
        Attempt.refused("http://evil.example"),
        Attempt.refusedByServer("/admin%/x"),
        Attempt.refusedByServer("/admin%G1/x"),
        Attempt.refusedByServer("/admin\u0000/x"),
        Attempt.refusedByServer("/admin\u007f/x"),
        Attempt.refusedByServer("/public/\"/../admin"),
        Attempt.refusedByServer("/public/|/../admin"),
        Attempt.refused("/public/caf\u00e9/../../admin"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bypassAttempts")
  void bypassAttemptNeverReachesTheDeniedUpstream(Attempt attempt) {
    RawResponse response = send(gateway, attempt.target());

    assertThat(response.status()).as(response.toString()).isEqualTo(attempt.status());
    assertThat(adminSvc.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    if (attempt.problem()) {
      assertThat(response.header("content-type")).isEqualTo("application/problem+json");
      assertThat(response.body()).contains("\"type\":\"" + INVALID_PATH + "\"");
    }
    if (attempt.status() == 401) {
      assertThat(response.body()).contains("https://portico.dev/problems/unauthenticated");
    }
    if (attempt.publicPath() != null) {
      assertThat(publicSvc.findAll(anyRequestedFor(anyUrl())))
          .extracting(LoggedRequest::getUrl)
          .containsExactly(attempt.publicPath());
    } else {
      assertThat(publicSvc.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
  }

  @Test
  void refusedPathGetsAProblemNamingTheReason() {
    double refusedBefore = gateway.counter("portico.path.refused");
    RawResponse response = send(gateway, "/admin%2fx");

    assertThat(gateway.counter("portico.path.refused")).isEqualTo(refusedBefore + 1);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.header("content-type")).isEqualTo("application/problem+json");
    assertThat(response.body())
        .contains("\"type\":\"" + INVALID_PATH + "\"")
        .contains("\"title\":\"Request path refused\"")
        .contains("\"detail\":\"The path contains an encoded slash (%2F).\"")
        .contains("\"request_id\":\"" + response.header("x-request-id") + "\"");
  }

  @Test
  void authorizedCallReachesTheAdminServiceWithTheNormalizedPath() {
    RawResponse response = send(gateway, "/admin/./x/../y//z", "X-Api-Key: " + API_KEY);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("admin");
    assertThat(adminSvc.findAll(anyRequestedFor(anyUrl())))
        .extracting(LoggedRequest::getUrl)
        .containsExactly("/admin/y/z");
  }

  @Test
  void authorizedCallWithAnEncodedDotSegmentIsStillRefused() {
    RawResponse response = send(gateway, "/admin/%2e/x", "X-Api-Key: " + API_KEY);

    assertThat(response.status()).isEqualTo(400);
    assertThat(adminSvc.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void unreservedCharactersAreDecodedAndOtherEscapesUpperCasedForTheUpstream() {
    RawResponse response = send(gateway, "/public/%7euser/caf%c3%a9/a%2db?q=%7e");

    assertThat(response.status()).isEqualTo(200);
    assertThat(publicSvc.findAll(anyRequestedFor(anyUrl())))
        .extracting(LoggedRequest::getUrl)
        .containsExactly("/public/~user/caf%C3%A9/a-b?q=%7e");
  }

  static Stream<Attempt> lenientAttempts() {
    return Stream.of(
        Attempt.reachesPublic("/admin;x=y/z", "/admin;x=y/z"),
        Attempt.reachesPublic("//admin/x", "//admin/x"),
        Attempt.reachesPublic("/admin%2fx", "/admin%2Fx"),
        Attempt.reachesPublic("/public/..%2Fadmin", "/public/..%2Fadmin"),
        Attempt.refused("/public/..;/admin"),
        Attempt.refused("/public/%2e%2e/admin"),
        Attempt.refused("/public/%c0%ae%c0%ae/admin"),
        Attempt.refused("/admin%00/x"),
        Attempt.adminRoute("/public/../admin/x"),
        Attempt.adminRoute("/admin//x"));
  }

  /**
   * With merge-slashes, reject-encoded-slashes and reject-semicolons off, such paths are kept as
   * they are and no longer match {@code /admin/**}; the unsafe rules still apply.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("lenientAttempts")
  void withTheSwitchesOffPathsAreKeptAsDocumented(Attempt attempt) {
    RawResponse response = send(lenientGateway, attempt.target());

    assertThat(response.status()).as(response.toString()).isEqualTo(attempt.status());
    assertThat(adminSvc.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    if (attempt.problem()) {
      assertThat(response.body()).contains("\"type\":\"" + INVALID_PATH + "\"");
    }
    if (attempt.publicPath() != null) {
      assertThat(publicSvc.findAll(anyRequestedFor(anyUrl())))
          .extracting(LoggedRequest::getUrl)
          .containsExactly(attempt.publicPath());
    } else {
      assertThat(publicSvc.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
  }

  // --- a raw HTTP/1.1 client: the request line goes out byte for byte ---

  record RawResponse(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Sends {@code GET target HTTP/1.1}; each char of {@code target} is one byte (ISO-8859-1), so raw
   * non-ASCII bytes and control characters go out unchanged.
   */
  static RawResponse send(PorticoGateway to, String target, String... headers) {
    StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n");
    request.append("Host: 127.0.0.1:").append(to.port()).append("\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), to.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return parse(readAll(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    in.transferTo(bytes);
    return bytes.toByteArray();
  }

  private static RawResponse parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\r\n\r\n");
    assertThat(headEnd).as("a complete response head in: %s", text).isPositive();
    List<String> lines = List.of(text.substring(0, headEnd).split("\r\n"));
    int status = Integer.parseInt(lines.get(0).split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    String body = text.substring(headEnd + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new RawResponse(status, headers, body);
  }

  private static String dechunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
      if (size == 0) {
        return body.toString();
      }
      body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }

  static String sha256(String text) throws Exception {
    byte[] hash =
        MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(hash);
  }
}
