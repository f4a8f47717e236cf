package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.gateway.tls.HttpRedirectServer;
import dev.portico.testing.tls.IssuedCertificate;
import dev.portico.testing.tls.TestCa;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS at the public listener, end to end with real TLS clients (JDK SSLSocket and HttpClient, and
 * hand-made ClientHello records for what the JDK client refuses to send): SNI picks the
 * certificate, old versions and weak ciphers are refused, HTTP/2 by ALPN, certificate files
 * reloaded without a restart (open connections keep working, a broken file keeps the old
 * certificate), the HTTP redirect port, HSTS, client certificates on optional and required
 * listeners, route requirements, CEL on cert.*, and X-Forwarded-Client-Cert only from Portico.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EdgeTlsTest {

  static final String BILLING = "spiffe://partners.test/billing";
  static final String REPORTS = "spiffe://partners.test/reports";

  TestCa serverCa;
  TestCa clientCa;
  TestCa otherCa;
  WireMockServer upstream;
  PorticoGateway gateway;
  X509Certificate apiCertificate;
  X509Certificate defaultCertificate;
  X509Certificate firstReloadCertificate;
  Path dir;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    this.dir = dir;
    serverCa = TestCa.create("edge-server-ca");
    clientCa = TestCa.create("partners-ca");
    otherCa = TestCa.create("stranger-ca");
    apiCertificate =
        serverCa
            .server("api.example.test")
            .writeChainTo(dir.resolve("api.crt"), dir.resolve("api.key"))
            .certificate();
    defaultCertificate =
        serverCa
            .server("www.example.test", "*.apps.example.test")
            .writeTo(dir.resolve("www.crt"), dir.resolve("www.key"))
            .certificate();
    firstReloadCertificate =
        serverCa
            .server("reload.example.test")
            .writeTo(dir.resolve("r.crt"), dir.resolve("r.key"))
            .certificate();
    clientCa.writeCertificate(dir.resolve("clients.pem"));
    upstream = Upstreams.wiremock();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("hello")));
    gateway =
        PorticoGateway.start(
            dir,
            """
            gateway:
              listen:
                tls:
                  certificates:
                    - { cert: "%1$s/api.crt", key: "%1$s/api.key", server-names: [api.example.test] }
                    - cert: "%1$s/www.crt"
                      key: "%1$s/www.key"
                      server-names: [www.example.test, "*.apps.example.test"]
                      default: true
                    - { cert: "%1$s/r.crt", key: "%1$s/r.key", server-names: [reload.example.test], name: reload }
                  reload-interval: 200ms
                  client-auth: optional
                  client-ca: "%1$s/clients.pem"
                  forward-client-cert: true
                  hsts: { max-age: 1d, include-subdomains: true }
                  http-redirect: { port: 0 }
            upstreams:
              app: { endpoints: [ { url: "http://127.0.0.1:%2$d" } ] }
            routes:
              - id: partner
                match: { path: /partner/** }
                upstream: app
                client-certificate: { spiffe-ids: ["%3$s"] }
              - id: reports
                match: { path: /reports/** }
                upstream: app
                authorization:
                  allow:
                    - when: "cert.present && cert.spiffe_id == '%4$s'"
              - id: open
                match: { path: /open/** }
                upstream: app
                public: true
            """
                .formatted(dir, upstream.port(), BILLING, REPORTS));
  }

  @AfterAll
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    upstream.stop();
  }

  @Test
  void sniPicksTheCertificateForEachNameAndTheDefaultWithoutOne() throws Exception {
    assertThat(peerCertificate(gateway.port(), "api.example.test")).isEqualTo(apiCertificate);
    assertThat(peerCertificate(gateway.port(), "www.example.test")).isEqualTo(defaultCertificate);
    assertThat(peerCertificate(gateway.port(), "x.apps.example.test"))
        .isEqualTo(defaultCertificate);
    assertThat(peerCertificate(gateway.port(), "unknown.example.test"))
        .isEqualTo(defaultCertificate);
    assertThat(peerCertificate(gateway.port(), null)).isEqualTo(defaultCertificate);
  }

  @Test
  void aModernHelloIsAnsweredButTls11AndWeakCiphersAreRefused() throws Exception {
    double failuresBefore = gateway.counter("portico.tls.handshakes.failed");

    // The same hand-made ClientHello with a TLS 1.2 ECDHE-ECDSA-AES128-GCM suite gets a
    // ServerHello: the refusals below are the server's choice, not a broken hello.
    assertThat(firstRecordType(ClientHellos.tls12(0xC02B))).isEqualTo(ClientHellos.HANDSHAKE);
    assertThat(firstRecordType(ClientHellos.tls11(0xC009))).isEqualTo(ClientHellos.ALERT);
    // TLS_RSA_WITH_AES_128_CBC_SHA: no forward secrecy, no AEAD.
    assertThat(firstRecordType(ClientHellos.tls12(0x002F))).isEqualTo(ClientHellos.ALERT);
    // TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256: forward secret, but CBC.
    assertThat(firstRecordType(ClientHellos.tls12(0xC023))).isEqualTo(ClientHellos.ALERT);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> gateway.counter("portico.tls.handshakes.failed") >= failuresBefore + 3);
  }

  @Test
  void http2IsNegotiatedByAlpnAndHttp11StillWorks() throws Exception {
    HttpResponse<String> h2 = send(client(null, HttpClient.Version.HTTP_2), "/open/a");
    assertThat(h2.statusCode()).isEqualTo(200);
    assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(h2.body()).isEqualTo("hello");

    HttpResponse<String> h1 = send(client(null, HttpClient.Version.HTTP_1_1), "/open/b");
    assertThat(h1.statusCode()).isEqualTo(200);
    assertThat(h1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
  }

  @Test
  void overTlsAMalformedHttp11BodyIsStillRefusedNotEnded() throws Exception {
    double before = gateway.counter("portico.requests.refused", "reason", "malformed-body");
    try (SSLSocket socket = connect(gateway.port(), "www.example.test")) {
      assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /open/malformed HTTP/1.1\r\nHost: www.example.test\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // The guard sits after the HTTP/1.1 codec that ALPN put in place: the body's failure is
      // counted, and the upstream never receives the request as complete.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  gateway.counter("portico.requests.refused", "reason", "malformed-body") > before);
    }
    assertThat(upstream.findAll(getRequestedFor(urlEqualTo("/open/malformed")))).isEmpty();
    assertThat(
            upstream.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                    urlEqualTo("/open/malformed"))))
        .isEmpty();
  }

  @Test
  void responsesCarryHsts() throws Exception {
    HttpResponse<String> ok = send(client(null, HttpClient.Version.HTTP_2), "/open/hsts");
    assertThat(ok.headers().firstValue("strict-transport-security"))
        .hasValue("max-age=86400; includeSubDomains");
    HttpResponse<String> notFound = send(client(null, HttpClient.Version.HTTP_2), "/nowhere");
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(notFound.headers().firstValue("strict-transport-security")).isPresent();
  }

  @Test
  void thePlainHttpPortRedirectsWith308ToTheSameHostPathAndQuery() throws Exception {
    int port = gateway.context().getBean(HttpRedirectServer.class).port();
    String response =
        plainRequest(port, "GET /open/a/b?x=1&y=2 HTTP/1.1\r\nHost: shop.example.test:80\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 308");
    assertThat(response)
        .containsIgnoringCase(
            "location: https://shop.example.test:" + gateway.port() + "/open/a/b?x=1&y=2\r\n");
    assertThat(plainRequest(port, "GET / HTTP/1.1\r\nHost: bad host\r\n\r\n"))
        .startsWith("HTTP/1.1 400");
  }

  @Test
  void aRouteRequiringACertificateRefusesWithout401WrongIdentity403AndAcceptsTheRightOne()
      throws Exception {
    HttpResponse<String> none = send(client(null, HttpClient.Version.HTTP_2), "/partner/x");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(none.body()).contains("client-certificate-required");

    HttpResponse<String> wrong =
        send(client(clientCa.svid(REPORTS), HttpClient.Version.HTTP_2), "/partner/x");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(wrong.body()).contains("client-certificate-not-accepted");

    HttpResponse<String> right =
        send(client(clientCa.svid(BILLING), HttpClient.Version.HTTP_2), "/partner/x");
    assertThat(right.statusCode()).isEqualTo(200);
    assertThat(
            gateway.counter(
                "portico.tls.client.certificate.refusals", "route", "partner", "reason", "missing"))
        .isPositive();
  }

  @Test
  void aCelRuleReadsTheCertificatesSpiffeId() throws Exception {
    assertThat(
            send(client(clientCa.svid(REPORTS), HttpClient.Version.HTTP_1_1), "/reports/q")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            send(client(clientCa.svid(BILLING), HttpClient.Version.HTTP_1_1), "/reports/q")
                .statusCode())
        .isEqualTo(403);
    assertThat(send(client(null, HttpClient.Version.HTTP_1_1), "/reports/q").statusCode())
        .isEqualTo(403);
  }

  @Test
  void theUpstreamSeesOnlyTheVerifiedCertificateNeverAClientSentOne() throws Exception {
    HttpRequest spoofed =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gateway.port() + "/open/xfcc1"))
            .header("X-Forwarded-Client-Cert", "Hash=spoof;URI=spiffe://partners.test/admin")
            .build();
    HttpClient anonymous = client(null, HttpClient.Version.HTTP_2);
    assertThat(anonymous.send(spoofed, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
    upstream.verify(
        getRequestedFor(urlEqualTo("/open/xfcc1")).withHeader("X-Forwarded-Client-Cert", absent()));

    IssuedCertificate svid = clientCa.svid(BILLING);
    HttpRequest withCert =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gateway.port() + "/open/xfcc2"))
            .header("X-Forwarded-Client-Cert", "Hash=spoof;URI=spiffe://partners.test/admin")
            .build();
    assertThat(
            client(svid, HttpClient.Version.HTTP_2)
                .send(withCert, HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
    var received = upstream.findAll(getRequestedFor(urlEqualTo("/open/xfcc2"))).get(0).getHeaders();
    assertThat(received.keys()).contains("X-Forwarded-Client-Cert");
    assertThat(received.getHeader("X-Forwarded-Client-Cert").values())
        .singleElement()
        .satisfies(
            value ->
                assertThat(value)
                    .contains("Hash=" + sha256(svid))
                    .contains("Subject=\"CN=svid\"")
                    .contains("URI=" + BILLING)
                    .doesNotContain("spoof")
                    .doesNotContain("/admin"));
  }

  /**
   * Runs last: closing a second gateway in this JVM releases reactor-netty's shared event loops,
   * which the class's gateway uses too.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void aRequiredListenerRefusesClientsWithoutACertificateOrFromAnotherCa(@TempDir Path dir)
      throws Exception {
    serverCa.server("mtls.example.test").writeTo(dir.resolve("s.crt"), dir.resolve("s.key"));
    clientCa.writeCertificate(dir.resolve("clients.pem"));
    try (PorticoGateway strict =
        PorticoGateway.start(
            dir,
            """
            gateway:
              listen:
                tls:
                  certificates: [ { cert: "%1$s/s.crt", key: "%1$s/s.key" } ]
                  client-auth: required
                  client-ca: "%1$s/clients.pem"
            upstreams:
              app: { endpoints: [ { url: "http://127.0.0.1:%2$d" } ] }
            routes:
              - { id: open, match: { path: /open/** }, upstream: app, public: true }
            """
                .formatted(dir, upstream.port()))) {
      String url = "https://127.0.0.1:" + strict.port() + "/open/strict";
      assertThatThrownBy(() -> send(client(null, HttpClient.Version.HTTP_1_1), url))
          .isInstanceOf(IOException.class);
      assertThatThrownBy(
              () -> send(client(otherCa.svid(BILLING), HttpClient.Version.HTTP_1_1), url))
          .isInstanceOf(IOException.class);
      assertThat(send(client(clientCa.client("partner-a"), HttpClient.Version.HTTP_2), url))
          .extracting(HttpResponse::statusCode)
          .isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> strict.counter("portico.tls.handshakes.failed") >= 2);
    }
  }

  @Test
  void replacedFilesServeNewConnectionsWhileAnOpenOneKeepsWorkingAndABrokenFileKeepsTheOld()
      throws Exception {
    try (SSLSocket open = connect(gateway.port(), "reload.example.test")) {
      assertThat(open.getSession().getPeerCertificates()[0]).isEqualTo(firstReloadCertificate);
      assertThat(exchange(open, "/open/keep-1")).startsWith("HTTP/1.1 200");
      assertThat(
              gateway
                  .meters()
                  .get("portico.tls.certificate.expiry")
                  .tag("name", "reload")
                  .gauge()
                  .value())
          .isPositive();
      double successes = gateway.counter("portico.tls.certificate.reloads", "result", "success");
      double failures = gateway.counter("portico.tls.certificate.reloads", "result", "failure");

      X509Certificate second =
          serverCa
              .server("reload.example.test")
              .writeTo(dir.resolve("r.crt"), dir.resolve("r.key"))
              .certificate();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> second.equals(peerCertificate(gateway.port(), "reload.example.test")));
      assertThat(gateway.counter("portico.tls.certificate.reloads", "result", "success"))
          .isGreaterThan(successes);
      assertThat(exchange(open, "/open/keep-2")).startsWith("HTTP/1.1 200");
      assertThat(peerCertificate(gateway.port(), "api.example.test")).isEqualTo(apiCertificate);

      replace(dir.resolve("r.crt"), "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  gateway.counter("portico.tls.certificate.reloads", "result", "failure")
                      >= failures + 1);
      assertThat(peerCertificate(gateway.port(), "reload.example.test")).isEqualTo(second);

      // A certificate with another certificate's key: refused the same way.
      serverCa.server("reload.example.test").writeTo(dir.resolve("r.crt"), dir.resolve("x.key"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  gateway.counter("portico.tls.certificate.reloads", "result", "failure")
                      >= failures + 2);
      assertThat(peerCertificate(gateway.port(), "reload.example.test")).isEqualTo(second);
      assertThat(exchange(open, "/open/keep-3")).startsWith("HTTP/1.1 200");
    }
  }

  // ---- clients ----

  private X509Certificate peerCertificate(int port, String serverName) throws IOException {
    try (SSLSocket socket = connect(port, serverName)) {
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  private SSLSocket connect(int port, String serverName) throws IOException {
    SSLSocket socket =
        (SSLSocket)
            sslContext(null)
                .getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setServerNames(
        serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
    parameters.setApplicationProtocols(new String[] {"http/1.1"});
    socket.setSSLParameters(parameters);
    socket.setSoTimeout(20_000);
    socket.startHandshake();
    return socket;
  }

  /** One keep-alive HTTP/1.1 exchange on an open socket; the response head and body. */
  private static String exchange(Socket socket, String path) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: reload.example.test\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + head);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    if (text.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
      return text + chunkedBody(in);
    }
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    return text + new String(in.readNBytes(length), StandardCharsets.US_ASCII);
  }

  private static String chunkedBody(InputStream in) throws IOException {
    StringBuilder body = new StringBuilder();
    while (true) {
      int size = Integer.parseInt(line(in).trim(), 16);
      if (size == 0) {
        line(in);
        return body.toString();
      }
      body.append(new String(in.readNBytes(size), StandardCharsets.US_ASCII));
      line(in);
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      out.write(b);
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  private static String plainRequest(int port, String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      byte[] buffer = new byte[4096];
      int read = socket.getInputStream().read(buffer);
      return new String(buffer, 0, Math.max(0, read), StandardCharsets.US_ASCII);
    }
  }

  /** Sends a hand-made ClientHello; the content type of the server's first record. */
  private int firstRecordType(byte[] hello) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(hello);
      socket.getOutputStream().flush();
      return socket.getInputStream().read();
    }
  }

  private HttpClient client(IssuedCertificate clientCertificate, HttpClient.Version version)
      throws Exception {
    return HttpClient.newBuilder()
        .version(version)
        .sslContext(sslContext(clientCertificate))
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  private HttpResponse<String> send(HttpClient client, String pathOrUrl) throws Exception {
    String url =
        pathOrUrl.startsWith("https://")
            ? pathOrUrl
            : "https://127.0.0.1:" + gateway.port() + pathOrUrl;
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Trusts the server CA; presents {@code clientCertificate} when not null. */
  private SSLContext sslContext(IssuedCertificate clientCertificate) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", serverCa.certificate());
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      KeyManagerFactory keyManagers = null;
      if (clientCertificate != null) {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry(
            "client",
            clientCertificate.privateKey(),
            new char[0],
            new X509Certificate[] {clientCertificate.certificate(), clientCertificate.issuer()});
        keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          keyManagers == null
              ? null
              : new KeyManager[] {
                new AlwaysPresent((X509ExtendedKeyManager) keyManagers.getKeyManagers()[0])
              },
          trustManagers.getTrustManagers(),
          new SecureRandom());
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Presents the client certificate whatever CAs the server names, so a certificate from another CA
   * is really sent (the JDK would otherwise send none).
   */
  private static final class AlwaysPresent extends X509ExtendedKeyManager {
    private final X509ExtendedKeyManager keys;

    AlwaysPresent(X509ExtendedKeyManager keys) {
      this.keys = keys;
    }

    @Override
    public String chooseEngineClientAlias(
        String[] keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
      return "client";
    }

    @Override
    public String chooseClientAlias(
        String[] keyType, java.security.Principal[] issuers, Socket socket) {
      return "client";
    }

    @Override
    public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
      return new String[] {"client"};
    }

    @Override
    public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(
        String keyType, java.security.Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return keys.getCertificateChain(alias);
    }

    @Override
    public java.security.PrivateKey getPrivateKey(String alias) {
      return keys.getPrivateKey(alias);
    }
  }

  private static String sha256(IssuedCertificate certificate) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(certificate.certificate().getEncoded()));
  }

  private static void replace(Path file, String content) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, content);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * ClientHello records made by hand, for what the JDK's client will not send (TLS 1.1, weak
   * suites). Minimal but well-formed: one suite, the extensions an ECDHE handshake needs.
   */
  static final class ClientHellos {

    static final int HANDSHAKE = 22;
    static final int ALERT = 21;

    static byte[] tls12(int suite) {
      return hello(0x0303, suite);
    }

    static byte[] tls11(int suite) {
      return hello(0x0302, suite);
    }

    private static byte[] hello(int version, int suite) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      u16(body, version);
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      body.writeBytes(random);
      body.write(0); // no session id
      u16(body, 2);
      u16(body, suite);
      body.write(1); // compression methods: null only
      body.write(0);
      ByteArrayOutputStream extensions = new ByteArrayOutputStream();
      extension(extensions, 0x000a, new byte[] {0, 2, 0, 0x17}); // supported_groups: secp256r1
      extension(extensions, 0x000b, new byte[] {1, 0}); // ec_point_formats: uncompressed
      extension(extensions, 0x000d, new byte[] {0, 2, 4, 3}); // signature_algorithms: ecdsa p256
      u16(body, extensions.size());
      body.writeBytes(extensions.toByteArray());

      ByteArrayOutputStream handshake = new ByteArrayOutputStream();
      handshake.write(1); // client_hello
      u24(handshake, body.size());
      handshake.writeBytes(body.toByteArray());

      ByteArrayOutputStream record = new ByteArrayOutputStream();
      record.write(HANDSHAKE);
      u16(record, 0x0301);
      u16(record, handshake.size());
      record.writeBytes(handshake.toByteArray());
      return record.toByteArray();
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
      u16(out, type);
      u16(out, data.length);
      out.writeBytes(data);
    }

    private static void u16(ByteArrayOutputStream out, int value) {
      out.write(value >> 8);
      out.write(value);
    }

    private static void u24(ByteArrayOutputStream out, int value) {
      out.write(value >> 16);
      u16(out, value & 0xFFFF);
    }
  }
}
