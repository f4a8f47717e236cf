package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.portico.config.model.ByteSize;
import dev.portico.config.model.Durations;
import dev.portico.config.model.PorticoConfig;
import dev.portico.config.schema.JsonSchemaGenerator;
import dev.portico.config.schema.ScalarType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The committed {@code docs/portico.schema.json} is exactly what the generator derives from the
 * model, and it accepts the valid examples and refuses typical mistakes, as an editor would.
 *
 * <p>To regenerate the file after changing the model: {@code mvn -pl route-config test
 * -Dtest=JsonSchemaInStepTest -Dportico.updateSchema=true}.
 */
class JsonSchemaInStepTest {

  static final Path SCHEMA_FILE = Path.of("../docs/portico.schema.json");
  private static final JsonMapper JSON = new JsonMapper();
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private static Schema schema() throws IOException {
    return REGISTRY.getSchema(Files.readString(SCHEMA_FILE), InputFormat.JSON);
  }

  private static List<String> validate(Path yamlFile) throws IOException {
    return schema().validate(YamlJson.toJson(Files.readString(yamlFile))).stream()
        .map(Error::toString)
        .toList();
  }

  static Stream<Path> validExamples() throws IOException {
    try (Stream<Path> files = Files.list(ValidConfigTest.VALID)) {
      List<Path> all =
          new ArrayList<>(files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList());
      all.add(ValidConfigTest.DEMO);
      return all.stream();
    }
  }

  /** With {@code -Dportico.updateSchema=true}, writes the schema before any test reads it. */
  @BeforeAll
  static void regenerateWhenAsked() throws IOException {
    if (Boolean.getBoolean("portico.updateSchema")) {
      JsonSchemaGenerator.main(new String[] {SCHEMA_FILE.toString()});
    }
  }

  @Test
  void committedSchemaEqualsTheGeneratedOne() throws IOException {
    String generated = JsonSchemaGenerator.generate(PorticoConfig.class);

    assertThat(Files.readString(SCHEMA_FILE))
        .as(
            "docs/portico.schema.json is out of date; regenerate it with: mvn -pl route-config"
                + " test -Dtest=JsonSchemaInStepTest -Dportico.updateSchema=true")
        .isEqualTo(generated);
  }

  @Test
  void schemaIsAValidDraft202012Schema() throws IOException {
    Schema metaSchema =
        REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    assertThat(metaSchema.validate(JSON.readTree(Files.readString(SCHEMA_FILE)))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validExamples")
  void validExampleConformsToTheSchema(Path file) throws IOException {
    assertThat(validate(file)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "unknown-keys-did-you-mean.yaml",
        "unknown-keys-expected-one-of.yaml",
        "scalar-for-list.yaml",
        "list-for-mapping.yaml",
        "mapping-for-scalar.yaml",
        "missing-route-keys.yaml",
        "bad-durations.yaml",
        "bad-booleans.yaml",
        "bad-enum.yaml",
        "bad-urls.yaml",
        "integers-out-of-range.yaml",
        "empty-lists.yaml"
      })
  void invalidExampleFailsSchemaValidation(String name) throws IOException {
    assertThat(validate(Path.of("src/test/resources/invalid", name))).isNotEmpty();
  }

  @Test
  void unknownKeyIsReportedAtItsPath() throws IOException {
    List<Error> errors =
        schema()
            .validate(
                YamlJson.toJson("routes: [{id: a, match: {path: /a}, upstream: u, timout: 2s}]"));

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).getKeyword()).isEqualTo("additionalProperties");
    assertThat(errors.get(0).getInstanceLocation().toString()).contains("routes").contains("0");
    assertThat(errors.get(0).getProperty()).isEqualTo("timout");
  }

  @Test
  void wrongTypeIsReported() throws IOException {
    List<Error> errors =
        schema()
            .validate(
                YamlJson.toJson(
                    "gateway: {listen: {port: eighty}}\nroutes: [{id: a, match: {path: /a}, upstream: u}]"));

    assertThat(errors).extracting(Error::getKeyword).containsExactly("type");
  }

  @Test
  void everyDefaultConformsToItsOwnPropertySchema() throws IOException {
    JsonNode root = JSON.readTree(Files.readString(SCHEMA_FILE));
    List<String> checked = new ArrayList<>();

    for (Map.Entry<String, JsonNode> definition : root.get("$defs").properties()) {
      for (Map.Entry<String, JsonNode> property :
          definition.getValue().get("properties").properties()) {
        JsonNode defaultValue = property.getValue().get("default");
        if (defaultValue == null) {
          continue;
        }
        ObjectNode propertySchema = ((ObjectNode) property.getValue()).deepCopy();
        propertySchema.remove("default");
        String where = definition.getKey() + "." + property.getKey();
        assertThat(REGISTRY.getSchema(propertySchema).validate(defaultValue)).as(where).isEmpty();
        checked.add(where);
      }
    }

    assertThat(checked)
        .contains("UpstreamPool.max-idle-time", "RetryPolicy.on", "CorsPolicy.allowed-methods");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "250ms", "2s", "1m30s", "1h30m", "1.5s", "0s", "2d", "5 sec", "-1s", "5", "1h30", "2S",
        "PT5S"
      })
  void durationPatternAcceptsExactlyWhatTheParserAccepts(String text) throws IOException {
    assertPatternAgreesWithParser("RouteDefaults", "timeout", text, () -> Durations.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "512",
        "512B",
        "64KB",
        "64kb",
        "10MiB",
        "1GB",
        "10 MB",
        "1TB",
        "1.5MB",
        "lots",
        "-1",
        "1234567890123"
      })
  void sizePatternAcceptsExactlyWhatTheParserAccepts(String text) throws IOException {
    assertPatternAgreesWithParser(
        "RouteDefaults", "max-body-size", text, () -> ByteSize.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://orders:8080",
        "https://orders.default.svc",
        "HTTP://orders:8080/base/path",
        "http://[::1]:8080",
        "ftp://orders",
        "orders:8080",
        "http:///orders",
        "http://orders/?a=1",
        "http://orders/#top",
        "http://user@orders",
        "http://orders/a b"
      })
  void urlPatternAcceptsExactlyWhatTheParserAccepts(String text) throws IOException {
    assertPatternAgreesWithParser("Endpoint", "url", text, () -> ScalarType.URL.parse(text));
  }

  @Test
  void sizeMayBeWrittenAsAPlainYamlInteger() throws IOException {
    JsonNode config =
        YamlJson.toJson(
            "gateway: {defaults: {max-body-size: 1048576}}\nroutes: [{id: a, match: {path: /a}, upstream: u}]");

    assertThat(schema().validate(config)).isEmpty();
  }

  @Test
  void sizeWrittenAsAnIntegerWithMoreThanTwelveDigitsIsRefusedLikeTheLoaderDoes()
      throws IOException {
    JsonNode config =
        YamlJson.toJson(
            "gateway: {defaults: {max-body-size: 1234567890123}}\nroutes: [{id: a, match: {path: /a}, upstream: u}]");

    assertThat(schema().validate(config)).extracting(Error::getKeyword).containsExactly("maximum");
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.parse("1234567890123"));
  }

  @Test
  void stringKeysAcceptNumbersAndBooleansAsTheLoaderDoes() throws IOException {
    JsonNode config =
        YamlJson.toJson(
            "routes: [{id: 42, match: {path: /a, headers: [{name: X-Beta, equals: 1}]}, upstream: u,"
                + " metadata: {public: true}}]");

    assertThat(schema().validate(config)).isEmpty();
  }

  private void assertPatternAgreesWithParser(
      String definition, String property, String text, Runnable parse) throws IOException {
    JsonNode propertySchema =
        JSON.readTree(Files.readString(SCHEMA_FILE))
            .get("$defs")
            .get(definition)
            .get("properties")
            .get(property);
    boolean schemaAccepts =
        REGISTRY.getSchema(propertySchema).validate(JSON.valueToTree(text)).isEmpty();

    if (schemaAccepts) {
      assertThatCode(parse::run).as("schema accepts '%s'", text).doesNotThrowAnyException();
    } else {
      assertThatIllegalArgumentException().as("schema refuses '%s'", text).isThrownBy(parse::run);
    }
  }
}
