package dev.portico.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portico.config.ConfigLoader;
import dev.portico.config.model.PorticoConfig;
import dev.portico.testing.redis.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.util.concurrent.EventExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * A route limited in a real redis-server, served by a real Reactor Netty server: Redis answers on a
 * Lettuce thread, and the rest of the chain must run on the request's own event loop.
 */
class RedisRateLimitEventLoopTest {

  private RedisServer redis;
  private RateLimitStores stores;
  private DisposableServer server;
  private final List<String> chainThreads = new CopyOnWriteArrayList<>();
  private final List<Boolean> onOwnEventLoop = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.startStandalone();
    PorticoConfig config =
        ConfigLoader.parse(
                "portico.yaml",
                """
                gateway:
                  rate-limiting:
                    store: redis
                    on-store-failure: closed
                    redis: { nodes: ["%s"] }
                rate-limits:
                  per-client: { limits: [100/h], burst: 2 }
                upstreams:
                  app: { endpoints: [ { url: "http://127.0.0.1:9" } ] }
                routes:
                  - { id: limited, match: { path: /** }, upstream: app, public: true,
                      rate-limits: [per-client] }
                """
                    .formatted(redis.uri()))
            .config();
    stores = new RateLimitStores(new SimpleMeterRegistry(), Clock.systemUTC(), true);
    RateLimitFilter filter =
        RateLimitFilter.of(
            config.routes().get(0),
            config,
            new RateLimitFilter.Context(stores.forConfig(config), exchange -> "192.0.2.1"));
    HttpHandler handler =
        WebHttpHandlerBuilder.webHandler(
                exchange ->
                    filter.filter(
                        exchange,
                        next -> {
                          record(next);
                          return next.getResponse().setComplete();
                        }))
            .build();
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(new ReactorHttpHandlerAdapter(handler))
            .bindNow();
  }

  private void record(ServerWebExchange exchange) {
    chainThreads.add(Thread.currentThread().getName());
    onOwnEventLoop.add(((EventExecutor) EventLoops.of(exchange)).inEventLoop());
  }

  @AfterEach
  void stop() {
    server.disposeNow();
    stores.close();
    redis.close();
  }

  private int status() {
    return HttpClient.create()
        .get()
        .uri("http://127.0.0.1:" + server.port() + "/x")
        .response()
        .map(response -> response.status().code())
        .block(Duration.ofSeconds(10));
  }

  @Test
  void theChainContinuesOnTheRequestsEventLoopAfterRedisAnswers() {
    // Until the connection is up the closed policy refuses (an error, 500 here without the
    // gateway's error handler); afterwards Redis answers and the chain runs.
    await().atMost(Duration.ofSeconds(15)).until(() -> status() == 200);
    assertThat(onOwnEventLoop).isNotEmpty().containsOnly(true);
    assertThat(chainThreads).noneMatch(name -> name.startsWith("lettuce"));
  }
}
