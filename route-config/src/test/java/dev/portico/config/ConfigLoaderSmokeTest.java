package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigLoaderSmokeTest {

  @Test
  void demoConfigLoads() throws Exception {
    LoadedConfig loaded = ConfigLoader.load(Path.of("../config/demo.yaml"));
    assertThat(loaded.config().routes()).hasSize(5);
  }

  @Test
  void errorsPrint() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "t.yaml",
                    "gateway:\n  listn: {port: 8080}\nroutes:\n  - id: a\n    match: {path: /x}\n    upstream: nope\n    timeout: 5 sec\n"))
        .satisfies(e -> System.out.println(e.getMessage()));
  }
}
