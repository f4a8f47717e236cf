package dev.portico.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpringPropertiesTest {

  @TempDir Path dir;

  private Map<String, Object> propertiesOf(String yaml) throws Exception {
    Path file = dir.resolve("portico.yaml");
    Files.writeString(file, yaml);
    return SpringProperties.from(ConfigLoader.load(file).config());
  }

  private static final String ROUTES =
      """
      upstreams:
        app: { endpoints: [ { url: "http://127.0.0.1:8081" } ] }
      routes:
        - { id: app, match: { path: /** }, upstream: app, public: true }
      """;

  @Test
  void http2IsOnByDefaultAndFollowsTheListenSwitch() throws Exception {
    assertThat(propertiesOf(ROUTES)).containsEntry("server.http2.enabled", true);
    assertThat(propertiesOf("gateway: { listen: { http2: false } }\n" + ROUTES))
        .containsEntry("server.http2.enabled", false);
  }

  @Test
  void springCloudGatewaysRoutingFilterMakesWayForPorticosAndItsGrpcFilterIsOff() throws Exception {
    assertThat(propertiesOf(ROUTES))
        .containsEntry(
            "spring.cloud.gateway.server.webflux.global-filter.netty-routing.enabled", "false")
        .containsEntry("spring.cloud.gateway.server.webflux.filter.json-to-grpc.enabled", "false");
  }
}
