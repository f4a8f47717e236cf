package dev.portico.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * WebSocket proxying through the assembled gateway to a real reactor-netty WebSocket upstream:
 * messages flow both ways; authentication and rate limits decide at the upgrade (a refused upgrade
 * never reaches the upstream); the per-request timeout, retries and body limit of a route do not
 * cut a long-lived connection or its large messages.
 */
class WebSocketProxyTest {

  static DisposableServer upstream;
  static final AtomicInteger upgrades = new AtomicInteger();
  static StubIssuer issuer;
  static PorticoGateway gateway;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    // Greets first (server to client), then echoes every text message it receives.
    upstream =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(
                (request, response) -> {
                  upgrades.incrementAndGet();
                  return response.sendWebsocket(
                      (in, out) ->
                          out.sendString(
                              Mono.just("welcome to " + request.path())
                                  .concatWith(in.receive().asString().map(s -> "echo:" + s))));
                })
            .bindNow();
    issuer = StubIssuer.start("/realms/ws");
    gateway =
        PorticoGateway.start(
            dir,
            """
            issuers:
              test: { issuer: "%1$s", audiences: [chat] }
            rate-limits:
              two-per-minute: { limits: [2/min], burst: 2, key: [client-ip] }
            upstreams:
              chat: { endpoints: [ { url: "http://127.0.0.1:%2$d" } ] }
            routes:
              - id: open
                match: { path: /open/** }
                upstream: chat
                public: true
                timeout: 300ms
                max-body-size: 1KB
                retries: { attempts: 2, on: [connect-failure, reset] }
              - id: secure
                match: { path: /secure/** }
                upstream: chat
                auth: { bearer: { issuers: [test] } }
              - id: limited
                match: { path: /limited/** }
                upstream: chat
                public: true
                rate-limits: [two-per-minute]
            """
                .formatted(issuer.issuer(), upstream.port()));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (upstream != null) {
      upstream.disposeNow();
    }
    if (issuer != null) {
      issuer.close();
    }
  }

  /** Opens a WebSocket, sends {@code messages}, and returns the first {@code expected} received. */
  private static List<String> converse(
      String path, Consumer<HttpHeaders> headers, Flux<String> messages, int expected) {
    return HttpClient.create()
        .headers(
            h -> {
              HttpHeaders extra = new HttpHeaders();
              headers.accept(extra);
              extra.forEach(h::set);
            })
        .websocket()
        .uri(gateway.baseUrl() + path)
        .handle(
            (in, out) ->
                in.receive()
                    .asString()
                    .take(expected)
                    .mergeWith(out.sendString(messages).then().then(Mono.<String>empty())))
        .collectList()
        .block(Duration.ofSeconds(20));
  }

  private static int upgradeStatus(String path, String authorization) {
    return PorticoGateway.client(gateway.baseUrl())
        .get()
        .uri(path)
        .headers(
            h -> {
              h.set(HttpHeaders.CONNECTION, "Upgrade");
              h.set(HttpHeaders.UPGRADE, "websocket");
              h.set("Sec-WebSocket-Version", "13");
              h.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
              if (authorization != null) {
                h.set(HttpHeaders.AUTHORIZATION, authorization);
              }
            })
        .exchange()
        .returnResult(byte[].class)
        .getStatus()
        .value();
  }

  @Test
  void messagesFlowBothWaysThroughTheProxiedWebSocket() {
    List<String> received = converse("/open/room", h -> {}, Flux.just("one", "two"), 3);
    assertThat(received).containsExactly("welcome to open/room", "echo:one", "echo:two");
  }

  @Test
  void theRoutesTimeoutRetriesAndBodyLimitDoNotCutALongLivedConnection() {
    // Messages 400ms apart outlive the route's 300ms timeout; the last is bigger than its 1KB
    // body limit, which applies to request bodies, not to WebSocket messages.
    String large = "x".repeat(4096);
    List<String> received =
        converse(
            "/open/long",
            h -> {},
            Flux.just("a", "b", "c", large).delayElements(Duration.ofMillis(400)),
            5);
    assertThat(received)
        .containsExactly("welcome to open/long", "echo:a", "echo:b", "echo:c", "echo:" + large);
  }

  @Test
  void anUpgradeWithAValidTokenIsProxied() throws Exception {
    String token =
        StubIssuer.sign(
            issuer.claims("alice", "chat", Duration.ofMinutes(5)).build(), issuer.key());
    List<String> received =
        converse("/secure/room", h -> h.setBearerAuth(token), Flux.just("hi"), 2);
    assertThat(received).containsExactly("welcome to secure/room", "echo:hi");
  }

  @Test
  void anUpgradeWithoutOrWithAnInvalidTokenIsRefusedWith401AndNeverReachesTheUpstream()
      throws Exception {
    int before = upgrades.get();
    assertThat(upgradeStatus("/secure/room", null)).isEqualTo(401);
    String forged =
        StubIssuer.sign(
            issuer.claims("mallory", "chat", Duration.ofMinutes(5)).build(),
            new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("k1").generate());
    assertThat(upgradeStatus("/secure/room", "Bearer " + forged)).isEqualTo(401);
    assertThat(upgrades.get()).isEqualTo(before);
  }

  @Test
  void theRoutesRateLimitAppliesToUpgrades() {
    assertThat(converse("/limited/a", h -> {}, Flux.empty(), 1)).hasSize(1);
    assertThat(converse("/limited/b", h -> {}, Flux.empty(), 1)).hasSize(1);
    int before = upgrades.get();
    assertThat(upgradeStatus("/limited/c", null)).isEqualTo(429);
    assertThat(upgrades.get()).isEqualTo(before);
  }
}
