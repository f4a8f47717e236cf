package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.config.mesh.SvidFiles;
import dev.portico.config.model.SpiffeId;
import dev.portico.config.watch.ReloadOutcome;
import dev.portico.testing.tls.IssuedCertificate;
import dev.portico.testing.tls.Pem;
import dev.portico.testing.tls.TestCa;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Requests handed into a service mesh. With {@code mesh.mtls}, Portico presents its X.509-SVID
 * (from files, rotated in place) to upstreams that require client certificates and verifies their
 * SPIFFE IDs; with {@code mesh.sidecar}, requests are addressed for Istio (Host) or Linkerd ({@code
 * l5d-dst-override}), and no client can set {@code l5d-dst-override} itself.
 */
class MeshHandOffTest {

  static final String PORTICO_ID = "spiffe://mesh.test/ns/edge/sa/portico";
  static final String ORDERS_ID = "spiffe://mesh.test/ns/shop/sa/orders";

  static TestCa meshCa;
  static SvidServer orders;
  static SvidServer imposter;
  static SvidServer strict;
  static WireMockServer plain;
  static Path dir;
  static PorticoGateway gateway;
  static WebTestClient client;

  @BeforeAll
  static void start(@TempDir Path temp) {
    dir = temp;
    meshCa = TestCa.create("mesh-root");
    TestCa otherCa = TestCa.create("other-root");
    orders = SvidServer.start(meshCa.svid(ORDERS_ID), meshCa);
    imposter = SvidServer.start(meshCa.svid("spiffe://mesh.test/ns/shop/sa/imposter"), meshCa);
    strict = SvidServer.start(meshCa.svid(ORDERS_ID), otherCa);
    plain = Upstreams.wiremock();
    plain.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    meshCa.writeCertificate(dir.resolve("bundle.pem"));
    for (String name : List.of("main", "rotate", "broken")) {
      meshCa.svid(PORTICO_ID).writeTo(cert(name), key(name));
    }
    gateway =
        PorticoGateway.start(
            dir,
            """
            upstreams:
              orders:
                endpoints: [ { url: "https://127.0.0.1:%1$d" } ]
                health-check: { path: /healthz, interval: 500ms, jitter: 50ms, timeout: 400ms }
                mesh: { mtls: { %4$s, spiffe-ids: ["%6$s"] } }
              imposter:
                endpoints: [ { url: "https://127.0.0.1:%2$d" } ]
                outlier-detection: { enabled: false }
                mesh: { mtls: { %4$s, spiffe-ids: ["%6$s"] } }
              ejecting:
                endpoints: [ { url: "https://127.0.0.1:%2$d" }, { url: "https://localhost:%2$d" } ]
                outlier-detection: { consecutive-connect-failures: 1 }
                mesh: { mtls: { %4$s, spiffe-ids: ["%6$s"] } }
              domain:
                endpoints: [ { url: "https://127.0.0.1:%2$d" } ]
                mesh: { mtls: { %4$s, trust-domain: mesh.test } }
              strict:
                endpoints: [ { url: "https://127.0.0.1:%3$d" } ]
                outlier-detection: { enabled: false }
                mesh: { mtls: { %4$s, spiffe-ids: ["%6$s"] } }
              rotate:
                endpoints: [ { url: "https://127.0.0.1:%1$d" } ]
                mesh: { mtls: { %7$s, spiffe-ids: ["%6$s"], refresh-interval: 100ms } }
              broken:
                endpoints: [ { url: "https://127.0.0.1:%1$d" } ]
                mesh: { mtls: { %8$s, spiffe-ids: ["%6$s"], refresh-interval: 100ms } }
              reloaded:
                endpoints: [ { url: "https://127.0.0.1:%1$d" } ]
                mesh: { mtls: { %4$s, spiffe-ids: ["%6$s"], refresh-interval: 5s } }
              istio:
                endpoints: [ { url: "http://127.0.0.1:%5$d" } ]
                mesh: { sidecar: { mesh: istio, service: orders, namespace: shop, port: 8080 } }
              linkerd:
                endpoints: [ { url: "http://127.0.0.1:%5$d" } ]
                mesh: { sidecar: { mesh: linkerd, service: orders, namespace: shop } }
              plain: { endpoints: [ { url: "http://127.0.0.1:%5$d" } ] }
            routes:
              - { id: orders, match: { path: /orders/** }, upstream: orders, public: true }
              - { id: imposter, match: { path: /imposter/** }, upstream: imposter, public: true }
              - { id: domain, match: { path: /domain/** }, upstream: domain, public: true }
              - { id: ejecting, match: { path: /ejecting/** }, upstream: ejecting, public: true }
              - { id: strict, match: { path: /strict/** }, upstream: strict, public: true }
              - { id: rotate, match: { path: /rotate/** }, upstream: rotate, public: true }
              - { id: broken, match: { path: /broken/** }, upstream: broken, public: true }
              - { id: reloaded, match: { path: /reloaded/** }, upstream: reloaded, public: true }
              - { id: istio, match: { path: /istio/** }, upstream: istio, public: true }
              - { id: linkerd, match: { path: /linkerd/** }, upstream: linkerd, public: true }
              - { id: plain, match: { path: /plain/** }, upstream: plain, public: true }
            """
                .formatted(
                    orders.port(),
                    imposter.port(),
                    strict.port(),
                    files("main"),
                    plain.port(),
                    ORDERS_ID,
                    files("rotate"),
                    files("broken")));
    client = gateway.client();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    for (SvidServer server : new SvidServer[] {orders, imposter, strict}) {
      if (server != null) {
        server.close();
      }
    }
    if (plain != null) {
      plain.stop();
    }
  }

  private static Path cert(String name) {
    return dir.resolve(name + "-svid.pem");
  }

  private static Path key(String name) {
    return dir.resolve(name + "-key.pem");
  }

  private static String files(String name) {
    return "certificate-file: %s, key-file: %s, trust-bundle-file: %s"
        .formatted(cert(name), key(name), dir.resolve("bundle.pem"));
  }

  private static double functionCount(String name, String upstream) {
    var counter = gateway.meters().find(name).tag("upstream", upstream).functionCounter();
    return counter == null ? 0 : counter.count();
  }

  private static String body(String path) {
    byte[] body =
        client
            .get()
            .uri(path)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    return new String(body, StandardCharsets.UTF_8);
  }

  @Test
  void upstreamThatRequiresClientCertificatesSeesPorticosSpiffeId() {
    assertThat(body("/orders/whoami")).startsWith(PORTICO_ID + " ");
  }

  @Test
  void activeHealthChecksOfAnMtlsUpstreamPresentTheSvidToo() {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(orders.seen())
                    .anyMatch(r -> r.startsWith("/healthz ") && r.contains(PORTICO_ID)));
  }

  @Test
  void upstreamPresentingAnotherSpiffeIdIsRefusedWith502AndCounted() {
    client
        .get()
        .uri("/imposter/x")
        .exchange()
        .expectStatus()
        .isEqualTo(502)
        .expectHeader()
        .contentType("application/problem+json")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://portico.dev/problems/upstream-identity-mismatch");

    assertThat(
            gateway.counter(
                "portico.upstream.tls.failures",
                "upstream",
                "imposter",
                "reason",
                "spiffe-id-mismatch"))
        .isGreaterThanOrEqualTo(1);
    assertThat(imposter.seen()).noneMatch(r -> r.startsWith("/imposter"));
  }

  @Test
  void spiffeIdMismatchFeedsOutlierDetectionLikeAConnectFailure() {
    for (int i = 0; i < 2; i++) {
      client.get().uri("/ejecting/x").exchange().expectStatus().isEqualTo(502);
    }

    assertThat(functionCount("portico.upstream.ejections", "ejecting")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void trustDomainRuleAcceptsAnyIdOfTheDomain() {
    assertThat(body("/domain/x")).startsWith(PORTICO_ID + " ");
  }

  @Test
  void upstreamTrustingAnotherCaRefusesPortico() {
    client
        .get()
        .uri("/strict/x")
        .exchange()
        .expectStatus()
        .isEqualTo(502)
        .expectHeader()
        .contentType("application/problem+json");

    assertThat(strict.seen()).noneMatch(r -> r.startsWith("/strict"));
  }

  @Test
  void rotatedSvidFilesAreUsedForNewConnectionsWithoutRestart() {
    String before = body("/rotate/x");
    IssuedCertificate next = meshCa.svid(PORTICO_ID).writeTo(cert("rotate"), key("rotate"));
    String serial = next.certificate().getSerialNumber().toString(16);
    assertThat(before).doesNotContain("serial=" + serial);

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(body("/rotate/x")).endsWith("serial=" + serial));
    assertThat(functionCount("portico.upstream.svid.rotations", "rotate"))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void brokenRotationKeepsTheCurrentSvidAndIsCounted() {
    String before = body("/broken/x");
    // A key that belongs to another certificate: the agent wrote half a rotation.
    Pem.writePrivateKey(key("broken"), meshCa.svid(PORTICO_ID).privateKey());

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> functionCount("portico.upstream.svid.reload.failures", "broken") >= 1);
    assertThat(body("/broken/y")).isEqualTo(before);
  }

  @Test
  void reloadThatChangesAnMtlsUpstreamServesAndKeepsItsSvidMeters() throws Exception {
    // A reload validates every SVID again: undo the broken rotation another test may have left.
    meshCa.svid(PORTICO_ID).writeTo(cert("broken"), key("broken"));
    String yaml = Files.readString(gateway.configFile());
    String changed = yaml.replace("refresh-interval: 5s", "refresh-interval: 4s");
    assertThat(changed).isNotEqualTo(yaml);

    assertThat(gateway.reload(changed).result()).isEqualTo(ReloadOutcome.Result.APPLIED);

    assertThat(body("/reloaded/x")).startsWith(PORTICO_ID + " ");
    var expiry =
        gateway
            .meters()
            .find("portico.upstream.svid.not.after")
            .tag("upstream", "reloaded")
            .gauge();
    assertThat(expiry).isNotNull();
    assertThat(expiry.value()).isGreaterThan(0);
  }

  @Test
  void istioSidecarGetsTheServiceAuthorityAsHost() {
    client.get().uri("/istio/a").exchange().expectStatus().isOk();

    plain.verify(
        getRequestedFor(urlEqualTo("/istio/a"))
            .withHeader("Host", equalTo("orders.shop.svc.cluster.local:8080")));
  }

  @Test
  void linkerdSidecarGetsTheOverrideHeaderAndHostStays() {
    client
        .get()
        .uri("/linkerd/a")
        .header("l5d-dst-override", "payments.bank.svc.cluster.local:80")
        .exchange()
        .expectStatus()
        .isOk();

    plain.verify(
        getRequestedFor(urlEqualTo("/linkerd/a"))
            .withHeader(
                "l5d-dst-override", equalTo("orders.shop.svc.cluster.local:" + plain.port()))
            .withHeader("Host", equalTo("127.0.0.1:" + plain.port())));
  }

  @Test
  void clientSuppliedLinkerdOverrideIsStrippedOnEveryRoute() {
    client
        .get()
        .uri("/plain/a")
        .header("l5d-dst-override", "payments.bank.svc.cluster.local:80")
        .exchange()
        .expectStatus()
        .isOk();

    plain.verify(getRequestedFor(urlEqualTo("/plain/a")).withHeader("l5d-dst-override", absent()));
  }

  /**
   * An HTTPS upstream with an X.509-SVID that requires a client certificate from {@code trusted}
   * and answers with the client's SPIFFE ID and certificate serial ({@code <id> serial=<hex>}).
   */
  record SvidServer(DisposableServer server, List<String> requests) {

    static SvidServer start(IssuedCertificate svid, TestCa trusted) {
      try {
        SslContext tls =
            SslContextBuilder.forServer(svid.privateKey(), svid.certificate())
                .trustManager(trusted.certificate())
                .clientAuth(ClientAuth.REQUIRE)
                .build();
        List<String> requests = new CopyOnWriteArrayList<>();
        DisposableServer server =
            HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .secure(spec -> spec.sslContext(tls))
                .handle(
                    (request, response) -> {
                      String[] peer = {"none"};
                      request.withConnection(
                          c -> peer[0] = peer(c.channel().pipeline().get(SslHandler.class)));
                      requests.add(request.uri() + " " + peer[0]);
                      // Drain the request before answering, so no buffer is left unreleased.
                      return request
                          .receive()
                          .then()
                          .then(
                              Mono.defer(
                                  () -> {
                                    byte[] body = peer[0].getBytes(StandardCharsets.UTF_8);
                                    return response
                                        .header("Content-Length", String.valueOf(body.length))
                                        .sendByteArray(Mono.just(body))
                                        .then();
                                  }));
                    })
                .bindNow();
        return new SvidServer(server, requests);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    private static String peer(SslHandler ssl) {
      try {
        Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
        X509Certificate leaf = (X509Certificate) chain[0];
        SpiffeId id = SvidFiles.spiffeIdOf(leaf);
        return id + " serial=" + leaf.getSerialNumber().toString(16);
      } catch (SSLPeerUnverifiedException e) {
        return "unverified";
      }
    }

    int port() {
      return server.port();
    }

    List<String> seen() {
      return List.copyOf(requests);
    }

    void close() {
      server.disposeNow();
    }
  }
}
