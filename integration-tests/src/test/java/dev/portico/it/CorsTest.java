package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/** CORS: Portico answers preflights of routes with a policy and decorates actual requests. */
class CorsTest {

  static WireMockServer upstream;
  static PorticoGateway gateway;

  @BeforeAll
  static void start(@TempDir Path dir) {
    upstream = Upstreams.wiremock();
    gateway =
        PorticoGateway.start(
            dir,
            """
            upstreams:
              app: { endpoints: [ { url: "http://127.0.0.1:%d" } ] }
            routes:
              - id: shop
                match: { path: /shop/**, methods: [GET, PUT] }
                upstream: app
                public: true
                cors:
                  allowed-origins: [https://shop.example.com, "https://*.preview.example.com"]
                  allowed-methods: [GET, PUT]
                  allowed-headers: [Authorization, Content-Type]
                  exposed-headers: [X-Request-Id]
                  allow-credentials: true
                  max-age: 10m
              - id: no-cors
                match: { path: /open/** }
                upstream: app
                public: true
            """
                .formatted(upstream.port()));
  }

  @BeforeEach
  void stubs() {
    upstream.resetAll();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.stop();
  }

  @Test
  void preflightFromAllowedOriginIsAnsweredByPortico() {
    gateway
        .client()
        .options()
        .uri("/shop/cart")
        .header(HttpHeaders.ORIGIN, "https://shop.example.com")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PUT")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://shop.example.com")
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600")
        .expectHeader()
        .value(
            HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS,
            methods -> assertThat(methods).contains("PUT"));
    assertThat(upstream.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void preflightFromWildcardSubdomainOriginIsAllowed() {
    gateway
        .client()
        .options()
        .uri("/shop/cart")
        .header(HttpHeaders.ORIGIN, "https://pr-7.preview.example.com")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://pr-7.preview.example.com");
  }

  @Test
  void preflightFromOtherOriginIsRefused() {
    gateway
        .client()
        .options()
        .uri("/shop/cart")
        .header(HttpHeaders.ORIGIN, "https://evil.example.net")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PUT")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    assertThat(upstream.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void actualCrossOriginRequestGetsCorsHeaders() {
    gateway
        .client()
        .get()
        .uri("/shop/cart")
        .header(HttpHeaders.ORIGIN, "https://shop.example.com")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://shop.example.com")
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, "X-Request-Id");
  }

  @Test
  void preflightOnRouteWithoutPolicyIsForwardedToTheUpstream() {
    gateway
        .client()
        .method(HttpMethod.OPTIONS)
        .uri("/open/thing")
        .header(HttpHeaders.ORIGIN, "https://shop.example.com")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "DELETE")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .isEqualTo("ok");
    assertThat(upstream.findAll(anyRequestedFor(anyUrl())))
        .singleElement()
        .satisfies(r -> assertThat(r.getMethod()).isEqualTo(RequestMethod.OPTIONS));
  }
}
