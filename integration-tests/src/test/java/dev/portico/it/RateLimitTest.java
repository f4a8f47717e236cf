package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Local rate limiting through the assembled gateway: keys by client address (behind a trusted
 * proxy) and by API-key consumer, tiers by consumer plan, 429 problems with Retry-After, the IETF
 * RateLimit headers on every response, and the decision metric. Each test uses its own keys, so the
 * counts of one do not leak into another.
 */
class RateLimitTest {

  static WireMockServer upstream;
  static PorticoGateway gateway;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    upstream = Upstreams.wiremock();
    gateway =
        PorticoGateway.start(
            dir,
            """
            gateway:
              trusted-proxies: [127.0.0.1/32]
            consumers:
              free-app: { api-keys: ["sha256:%2$s"], metadata: { plan: free } }
              premium-app: { api-keys: ["sha256:%3$s"], metadata: { plan: premium } }
            rate-limits:
              per-client: { limits: [3/min], burst: 3, key: [client-ip] }
              per-consumer:
                limits: [2/min]
                burst: 2
                key: [consumer]
                tiers: { by: "consumer:plan", values: { premium: { limits: [5/min], burst: 5 } } }
              per-user-two-limits: { limits: [10/s, 4/h], burst: 4, key: [header:X-User, route] }
            upstreams:
              app: { endpoints: [ { url: "http://127.0.0.1:%1$d" } ] }
            routes:
              - id: limited
                match: { path: /limited/** }
                upstream: app
                public: true
                rate-limits: [per-client]
              - id: tiered
                match: { path: /tiered/** }
                upstream: app
                auth: { api-key: {} }
                rate-limits: [per-consumer]
              - id: two-limits
                match: { path: /two/** }
                upstream: app
                public: true
                rate-limits: [per-user-two-limits]
            """
                .formatted(
                    upstream.port(),
                    AuthenticationTest.sha256("free-key"),
                    AuthenticationTest.sha256("premium-key")));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.stop();
  }

  @BeforeEach
  void stubs() {
    upstream.resetAll();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
  }

  private EntityExchangeResult<String> get(String path, String header, String value) {
    return gateway
        .client()
        .get()
        .uri(path)
        .headers(h -> h.set(header, value))
        .exchange()
        .expectBody(String.class)
        .returnResult();
  }

  @Test
  void aClientGetsItsBurstThenA429WithRetryAfterAndAProblem() {
    String client = "198.51.100.1";
    for (int i = 0; i < 3; i++) {
      EntityExchangeResult<String> ok = get("/limited/x", "X-Forwarded-For", client);
      assertThat(ok.getStatus().value()).isEqualTo(200);
      assertThat(ok.getResponseHeaders().getFirst("RateLimit-Policy"))
          .isEqualTo("\"per-client:3/min\";q=3;w=60");
      assertThat(ok.getResponseHeaders().getFirst("RateLimit"))
          .isEqualTo("\"per-client:3/min\";r=" + (2 - i) + ";t=" + (20 * (i + 1)));
    }

    EntityExchangeResult<String> limited = get("/limited/x", "X-Forwarded-For", client);

    assertThat(limited.getStatus().value()).isEqualTo(429);
    assertThat(limited.getResponseHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(limited.getResponseBody())
        .contains("\"type\":\"https://portico.dev/problems/rate-limited\"")
        .contains("\"status\":429");
    assertThat(Long.parseLong(limited.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)))
        .isBetween(19L, 20L);
    assertThat(limited.getResponseHeaders().getFirst("RateLimit"))
        .startsWith("\"per-client:3/min\";r=0;t=");
    assertThat(upstream.findAll(anyRequestedFor(anyUrl()))).hasSize(3);
  }

  @Test
  void anotherClientAddressHasItsOwnCount() {
    for (int i = 0; i < 3; i++) {
      get("/limited/y", "X-Forwarded-For", "198.51.100.2");
    }
    assertThat(get("/limited/y", "X-Forwarded-For", "198.51.100.2").getStatus().value())
        .isEqualTo(429);

    assertThat(get("/limited/y", "X-Forwarded-For", "198.51.100.3").getStatus().value())
        .isEqualTo(200);
  }

  @Test
  void consumersAreLimitedByTheirPlansTier() {
    int free = 0;
    int premium = 0;
    for (int i = 0; i < 8; i++) {
      free += get("/tiered/x", "X-Api-Key", "free-key").getStatus().value() == 200 ? 1 : 0;
      premium += get("/tiered/x", "X-Api-Key", "premium-key").getStatus().value() == 200 ? 1 : 0;
    }

    assertThat(free).isEqualTo(2);
    assertThat(premium).isEqualTo(5);
    assertThat(
            get("/tiered/x", "X-Api-Key", "premium-key")
                .getResponseHeaders()
                .getFirst("RateLimit-Policy"))
        .isEqualTo("\"per-consumer/premium:5/min\";q=5;w=60");
    assertThat(
            gateway.counter(
                "portico.ratelimit.decisions",
                "route",
                "tiered",
                "policy",
                "per-consumer/premium",
                "outcome",
                "limited"))
        .isGreaterThanOrEqualTo(3.0);
    assertThat(
            gateway.counter(
                "portico.ratelimit.decisions",
                "route",
                "tiered",
                "policy",
                "per-consumer",
                "outcome",
                "allowed"))
        .isEqualTo(2.0);
  }

  @Test
  void everyLimitOfAPolicyAppliesAndIsReported() {
    int admitted = 0;
    for (int i = 0; i < 6; i++) {
      admitted += get("/two/x", "X-User", "carol").getStatus().value() == 200 ? 1 : 0;
    }
    EntityExchangeResult<String> last = get("/two/x", "X-User", "carol");

    // burst 4 admits four at once; the hourly limit then holds the next for 15 minutes.
    assertThat(admitted).isEqualTo(4);
    assertThat(last.getResponseHeaders().getFirst("RateLimit-Policy"))
        .isEqualTo("\"per-user-two-limits:10/s\";q=10;w=1, \"per-user-two-limits:4/h\";q=4;w=3600");
    assertThat(Long.parseLong(last.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)))
        .isBetween(899L, 900L);
    assertThat(get("/two/x", "X-User", "dave").getStatus().value()).isEqualTo(200);
  }
}
