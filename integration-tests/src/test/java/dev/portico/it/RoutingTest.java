package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingTest {

  static WireMockServer upstream = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  static PorticoGateway gateway;

  @BeforeAll
  static void start(@TempDir Path dir) {
    upstream.start();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    gateway =
        PorticoGateway.start(
            dir,
            """
            upstreams:
              users: { endpoints: [ { url: "http://127.0.0.1:%d" } ] }
            routes:
              - id: users
                match: { path: /users/** }
                upstream: users
            """
                .formatted(upstream.port()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.stop();
  }

  @Test
  void forwards() {
    gateway.client().get().uri("/users/7").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("ok");
    upstream.verify(getRequestedFor(urlEqualTo("/users/7")));
    var request = upstream.getAllServeEvents().get(0).getRequest();
    System.out.println(request.getHeaders());
    System.out.println("FILTERS " + gateway.context().getBeansOfType(org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter.class));
    System.out.println("NRF " + gateway.context().getBean(org.springframework.cloud.gateway.filter.NettyRoutingFilter.class).getHeadersFilters());
    assertThat(request.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1");
  }
}
