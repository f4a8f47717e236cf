package dev.portico.config;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * YAML text as the JSON tree an editor validates against the schema. Scalars resolve as in YAML 1.2
 * (which the YAML language server speaks), not SnakeYAML's YAML 1.1: {@code on}, {@code yes} and
 * {@code off} stay strings, and dates are not parsed. Merge keys are applied.
 */
final class YamlJson {

  private static final JsonMapper JSON = new JsonMapper();

  private YamlJson() {}

  static JsonNode toJson(String yaml) {
    return JSON.valueToTree(yaml().load(yaml));
  }

  /** Plain maps and lists, as above. */
  static Object load(String yaml) {
    return yaml().load(yaml);
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    return new Yaml(
        new SafeConstructor(options),
        new Representer(new DumperOptions()),
        new DumperOptions(),
        options,
        new Yaml12Resolver());
  }

  /** The YAML 1.2 core schema's booleans, numbers and nulls, plus merge keys. */
  private static final class Yaml12Resolver extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(
          Tag.BOOL, Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF");
      addImplicitResolver(Tag.INT, Pattern.compile("^[-+]?[0-9]+$"), "-+0123456789");
      addImplicitResolver(
          Tag.FLOAT,
          Pattern.compile(
              "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"),
          "-+0123456789.");
      addImplicitResolver(Tag.MERGE, MERGE, "<");
      addImplicitResolver(Tag.NULL, NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, EMPTY, null);
    }
  }
}
