package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.config.watch.ReloadOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Hot reload: new routes take effect, bad files change nothing, traffic never notices. */
class ReloadTest {

  @TempDir Path dir;
  WireMockServer upstream;
  PorticoGateway gateway;

  @BeforeEach
  void start() {
    upstream = Upstreams.wiremock();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    gateway = PorticoGateway.start(dir, config(0));
  }

  @AfterEach
  void stop() {
    gateway.close();
    upstream.stop();
  }

  /** A config whose generation shows in a response header and in a route only it has. */
  private String config(int generation) {
    return """
        upstreams:
          app: { endpoints: [ { url: "http://127.0.0.1:%1$d" } ] }
        routes:
          - id: stable
            match: { path: /stable/** }
            upstream: app
            response-headers: { set: { X-Generation: "%2$d" } }
            public: true
          - id: generation-%2$d
            match: { path: /gen/%2$d }
            upstream: app
            public: true
        """
        .formatted(upstream.port(), generation);
  }

  @Test
  void reloadedRoutesTakeEffectAndRemovedOnesDisappear() {
    ReloadOutcome outcome = gateway.reload(config(1));
    assertThat(outcome.result()).isEqualTo(ReloadOutcome.Result.APPLIED);
    gateway.client().get().uri("/gen/1").exchange().expectStatus().isOk();
    gateway.client().get().uri("/gen/0").exchange().expectStatus().isNotFound();
    gateway
        .client()
        .get()
        .uri("/stable/x")
        .exchange()
        .expectHeader()
        .valueEquals("X-Generation", "1");
    assertThat(gateway.counter("portico.config.reload", "result", "applied")).isEqualTo(1.0);
  }

  @Test
  void badFileIsRejectedWholeAndTheRunningRoutesStay() {
    String broken =
        config(1)
            .replace("upstream: app\n    response", "upstream: nope\n    response")
            .replace("path: /gen/1", "path: gen/1");
    ReloadOutcome outcome = gateway.reload(broken);
    assertThat(outcome.result()).isEqualTo(ReloadOutcome.Result.REJECTED);
    assertThat(outcome.errors())
        .extracting(e -> e.line() + ":" + e.column() + " " + e.path() + ": " + e.message())
        .containsExactly(
            "6:15 routes[0].upstream: unknown upstream 'nope' (defined: app)",
            "10:20 routes[1].match.path: 'gen/1' must start with /");
    gateway.client().get().uri("/gen/0").exchange().expectStatus().isOk();
    gateway.client().get().uri("/gen/1").exchange().expectStatus().isNotFound();
    gateway
        .client()
        .get()
        .uri("/stable/x")
        .exchange()
        .expectHeader()
        .valueEquals("X-Generation", "0");
    assertThat(gateway.counter("portico.config.reload", "result", "rejected")).isEqualTo(1.0);
    assertThat(gateway.counter("portico.config.reload", "result", "applied")).isZero();
  }

  @Test
  void unchangedFileIsNotReapplied() {
    assertThat(gateway.reload(config(0)).result()).isEqualTo(ReloadOutcome.Result.UNCHANGED);
  }

  @Test
  void theWatcherPicksUpAnEditedFile() {
    gateway.rewrite(config(7));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> gateway.client().get().uri("/gen/7").exchange().expectStatus().isOk());
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(gateway.counter("portico.config.reload", "result", "applied"))
                    .isEqualTo(1.0));
  }

  @Test
  void twentyReloadsUnderConcurrentTrafficFailNoRequest() {
    ConnectionProvider pool = ConnectionProvider.builder("reload-load").maxConnections(16).build();
    HttpClient http =
        HttpClient.create(pool).baseUrl(gateway.baseUrl()).responseTimeout(Duration.ofSeconds(10));
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    Map<String, Integer> failures = new ConcurrentHashMap<>();
    List<reactor.core.Disposable> workers = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      workers.add(
          Flux.<Integer>generate(sink -> sink.next(0))
              .takeWhile(x -> running.get())
              .concatMap(
                  x ->
                      http.get()
                          .uri("/stable/load")
                          .responseSingle(
                              (response, body) ->
                                  body.asString()
                                      .defaultIfEmpty("")
                                      .map(b -> response.status().code()))
                          .onErrorResume(e -> Mono.just(-1)))
              .subscribe(
                  status -> {
                    if (status == 200) {
                      ok.incrementAndGet();
                    } else {
                      failures.merge(String.valueOf(status), 1, Integer::sum);
                    }
                  }));
    }
    try {
      for (int generation = 1; generation <= 20; generation++) {
        int before = ok.get();
        // The file watcher may apply the rewritten file before the explicit reload reads it;
        // then the reload finds it running already (UNCHANGED). Either way it must not fail.
        assertThat(gateway.reload(config(generation)).result())
            .isIn(ReloadOutcome.Result.APPLIED, ReloadOutcome.Result.UNCHANGED);
        await().atMost(Duration.ofSeconds(10)).until(() -> ok.get() > before + 20);
      }
    } finally {
      running.set(false);
      workers.forEach(reactor.core.Disposable::dispose);
      pool.dispose();
    }
    assertThat(failures).isEmpty();
    assertThat(ok.get()).isGreaterThan(400);
    gateway
        .client()
        .get()
        .uri("/stable/x")
        .exchange()
        .expectHeader()
        .valueEquals("X-Generation", "20");
    assertThat(gateway.counter("portico.config.reload", "result", "applied")).isEqualTo(20.0);
  }
}
