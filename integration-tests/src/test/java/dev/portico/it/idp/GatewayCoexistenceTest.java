package dev.portico.it.idp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.config.ConfigLoader;
import dev.portico.gateway.PorticoApplication;
import dev.portico.gateway.PorticoStartup;
import dev.portico.it.RunsAlone;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The reactive gateway and the servlet identity provider in one JVM: with {@link
 * TestIdentityProvider#gatewayArguments()} the gateway is a reactor-netty application without
 * Spring Security in front of its routes or management port.
 */
@RunsAlone
class GatewayCoexistenceTest {

  private static TestIdentityProvider idp;
  private static WireMockServer upstream;
  private static ConfigurableApplicationContext gateway;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    idp = TestIdentityProvider.start();
    upstream = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    upstream.start();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("upstream")));
    Path file = dir.resolve("portico.yaml");
    Files.writeString(
        file,
        """
        issuers:
        %s
        upstreams:
          app: { endpoints: [ { url: "http://127.0.0.1:%d" } ] }
        routes:
          - { id: open, match: { path: /open/** }, upstream: app, public: true }
        """
            .formatted(idp.issuerYaml("corp", 2), upstream.port()));
    List<String> args =
        new ArrayList<>(
            List.of("--server.port=0", "--management.server.port=0", "--server.address=127.0.0.1"));
    args.addAll(List.of(TestIdentityProvider.gatewayArguments()));
    gateway =
        PorticoApplication.start(
            new PorticoStartup(file, ConfigLoader.load(file)), args.toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    upstream.stop();
    idp.close();
  }

  private static String property(String name) {
    return gateway.getEnvironment().getProperty(name);
  }

  @Test
  void gatewayRunsOnReactorNettyBesideTheServletProvider() {
    assertThat(((WebServerApplicationContext) gateway).getWebServer().getClass().getSimpleName())
        .isEqualTo("NettyWebServer");
    assertThat(gateway.getBeanNamesForType(org.springframework.web.server.WebHandler.class))
        .isNotEmpty();
  }

  @Test
  void routesAreNotBehindSpringSecurity() {
    HttpResponse<String> response =
        new ScriptedBrowser()
            .get(URI.create("http://127.0.0.1:" + property("local.server.port") + "/open/x"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("upstream");
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void managementPortIsNotBehindSpringSecurity() {
    HttpResponse<String> response =
        new ScriptedBrowser()
            .get(
                URI.create(
                    "http://127.0.0.1:" + property("local.management.port") + "/actuator/health"));

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void providerStillServesItsLoginPage() {
    HttpResponse<String> page = new ScriptedBrowser().get(idp.uri("/login"));

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(ScriptedBrowser.isLoginPage(page.body())).isTrue();
  }
}
