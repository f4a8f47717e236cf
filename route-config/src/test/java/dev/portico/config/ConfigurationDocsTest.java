package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.model.PorticoConfig;
import dev.portico.config.schema.Default;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} documents every key of the model in a table row that starts with
 * the key's full path ({@code | `routes[].retries.backoff.first` | ...}) and states its default,
 * and documents no key the model does not have.
 */
class ConfigurationDocsTest {

  private static final Path DOCS = Path.of("../docs/configuration.md");

  /**
   * A row of a key table: its first cell is a key path from the top of the file, starting with one
   * of the model's top-level keys.
   */
  private static final Pattern KEY_ROW =
      Pattern.compile(
          "^\\| `((?:"
              + java.util.Arrays.stream(PorticoConfig.class.getRecordComponents())
                  .map(dev.portico.config.schema.ConfigNames::key)
                  .collect(java.util.stream.Collectors.joining("|"))
              + ")[^`]*)` \\|(.*)$",
          Pattern.MULTILINE);

  private static String docs;
  private static Map<String, RecordComponent> keys;

  @BeforeAll
  static void read() throws IOException {
    docs = Files.readString(DOCS);
    keys = ConfigKeys.components(PorticoConfig.class);
  }

  private static Optional<String> row(String key) {
    Matcher m = KEY_ROW.matcher(docs);
    while (m.find()) {
      if (m.group(1).equals(key)) {
        return Optional.of(m.group(2));
      }
    }
    return Optional.empty();
  }

  @Test
  void keyWalkUsesTheBindersNamesAndTheDocumentedNotation() {
    assertThat(keys)
        .containsKeys(
            "gateway.upstream-pool.max-idle-time",
            "upstreams.<name>.endpoints[].url",
            "routes[].retries.backoff.first",
            "routes[].match.headers[].present");
  }

  @Test
  void everyKeyHasATableRow() {
    assertThat(keys.keySet()).allSatisfy(key -> assertThat(row(key)).as(key).isPresent());
  }

  @Test
  void everyDefaultIsStatedInItsRow() {
    keys.forEach(
        (key, component) -> {
          Default value = component.getAnnotation(Default.class);
          if (value != null && !value.value().equals("{}")) {
            assertThat(row(key))
                .as(key)
                .hasValueSatisfying(r -> assertThat(r).contains("`" + value.value() + "`"));
          }
        });
  }

  @Test
  void everyDocumentedKeyExists() {
    Matcher m = KEY_ROW.matcher(docs);
    List<String> documented = m.results().map(r -> r.group(1)).toList();

    assertThat(documented)
        .isNotEmpty()
        .allSatisfy(key -> assertThat(keys).as(key).containsKey(key));
  }

  @Test
  void documentsTheFileLocationAndTheReloadMetric() {
    assertThat(docs)
        .contains("--config FILE")
        .contains("PORTICO_CONFIG")
        .contains("config/portico.yaml")
        .contains("# yaml-language-server: $schema=")
        .contains("portico_config_reload_total{result=\"applied|unchanged|rejected\"}");
  }
}
