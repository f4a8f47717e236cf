package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static final String VALID =
      "upstreams:\n  orders: { endpoints: [ { url: \"http://orders:8080\" } ] }\n"
          + "routes:\n  - { id: orders, match: { path: /orders/** }, upstream: orders, public: true }\n";

  @Test
  void errorFormatsCompilerStyleWithPath() {
    ConfigError error =
        new ConfigError("portico.yaml", 7, 14, "routes[0].timeout", "'5 sec' is not a duration");

    assertThat(error.format())
        .isEqualTo("portico.yaml:7:14: routes[0].timeout: '5 sec' is not a duration");
    assertThat(error).hasToString(error.format());
  }

  @Test
  void errorFormatsWithoutPathForTheFileAsAWhole() {
    assertThat(new ConfigError("portico.yaml", 1, 1, "", "the file is empty").format())
        .isEqualTo("portico.yaml:1:1: the file is empty");
  }

  @Test
  void rejectionMessageCountsAndListsTheErrors() {
    ConfigRejectedException one =
        new ConfigRejectedException(List.of(new ConfigError("a.yaml", 1, 1, "", "empty")));
    ConfigRejectedException two =
        new ConfigRejectedException(
            List.of(
                new ConfigError("a.yaml", 1, 1, "x", "bad"),
                new ConfigError("a.yaml", 2, 3, "y", "worse")));

    assertThat(one).hasMessage("1 error in configuration:\na.yaml:1:1: empty");
    assertThat(two)
        .hasMessage("2 errors in configuration:\na.yaml:1:1: x: bad\na.yaml:2:3: y: worse");
  }

  @Test
  void parseNamesErrorsAfterTheGivenFileName() {
    ConfigRejectedException rejected =
        catchThrowableOfType(
            ConfigRejectedException.class, () -> ConfigLoader.parse("inline.yaml", "routes: []"));

    assertThat(rejected.errors())
        .extracting(ConfigError::format)
        .containsExactly("inline.yaml:1:9: routes: must not be empty");
  }

  @Test
  void errorsAreListedInFileOrderWhateverOrderTheChecksRunIn() {
    String yaml =
        "routes:\n  - { id: a, match: { path: /a }, upstream: nowhere, public: true }\n"
            + "gateway:\n  listen: { port: 70000 }\n";

    ConfigRejectedException rejected =
        catchThrowableOfType(
            ConfigRejectedException.class, () -> ConfigLoader.parse("t.yaml", yaml));

    assertThat(rejected.errors()).extracting(ConfigError::line).containsExactly(2, 4);
  }

  @Test
  void loadedConfigKeepsTheSourceAndText(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("portico.yaml");
    Files.writeString(file, VALID);

    LoadedConfig loaded = ConfigLoader.load(file);

    assertThat(loaded.source()).isEqualTo(file.toString());
    assertThat(loaded.text()).isEqualTo(VALID);
  }

  @Test
  void digestIsTheSha256OfTheText() throws Exception {
    LoadedConfig loaded = ConfigLoader.parse("a.yaml", VALID);
    byte[] expected =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(VALID.getBytes(StandardCharsets.UTF_8));

    assertThat(loaded.digest()).isEqualTo(HexFormat.of().formatHex(expected)).hasSize(64);
    assertThat(ConfigLoader.parse("b.yaml", VALID + "# comment\n").digest())
        .isNotEqualTo(loaded.digest());
  }

  @Test
  void aliasBombIsRejectedAsAYamlError() {
    StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char level = 'b'; level <= 'j'; level++) {
      char previous = (char) (level - 1);
      yaml.append(level).append(": &").append(level).append(" [");
      yaml.append(String.join(", ", java.util.Collections.nCopies(10, "*" + previous)));
      yaml.append("]\n");
    }

    ConfigRejectedException rejected =
        catchThrowableOfType(
            ConfigRejectedException.class, () -> ConfigLoader.parse("bomb.yaml", yaml.toString()));

    assertThat(rejected.errors())
        .singleElement()
        .satisfies(e -> assertThat(e.message()).startsWith("YAML"));
  }
}
