package dev.portico.config.schema;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives the JSON Schema (draft 2020-12) of the configuration file from the model records, the
 * same way the binder reads them, so editors validate exactly what Portico accepts. The output is
 * deterministic: keys keep declaration order.
 */
public final class JsonSchemaGenerator {

  public static final String SCHEMA_ID = "https://portico.dev/schema/portico.schema.json";

  private final Map<String, Object> definitions = new LinkedHashMap<>();

  private JsonSchemaGenerator() {}

  /** The schema of a file whose root is {@code root}, as pretty-printed JSON. */
  public static String generate(Class<?> root) {
    JsonSchemaGenerator generator = new JsonSchemaGenerator();
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.put("$id", SCHEMA_ID);
    schema.put("title", "Portico configuration");
    Map<String, Object> body = generator.recordSchema(root);
    schema.putAll(body);
    schema.put("$defs", generator.definitions);
    return JsonText.write(schema) + "\n";
  }

  private Map<String, Object> typeSchema(Type type) {
    Class<?> raw =
        type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    ScalarType scalar = ScalarType.of(raw);
    if (scalar != null) {
      return scalar.jsonSchema();
    }
    if (raw.isRecord()) {
      String name = raw.getSimpleName();
      if (!definitions.containsKey(name)) {
        definitions.put(name, Map.of());
        definitions.put(name, recordSchema(raw));
      }
      return new LinkedHashMap<>(Map.of("$ref", "#/$defs/" + name));
    }
    if (raw == List.class) {
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("type", "array");
      schema.put("items", typeSchema(((ParameterizedType) type).getActualTypeArguments()[0]));
      return schema;
    }
    if (raw == Map.class) {
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("type", "object");
      schema.put(
          "additionalProperties",
          typeSchema(((ParameterizedType) type).getActualTypeArguments()[1]));
      return schema;
    }
    if (raw.isEnum()) {
      List<String> values = new ArrayList<>();
      for (Object constant : raw.getEnumConstants()) {
        values.add(ConfigNames.enumValue((Enum<?>) constant));
      }
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("type", "string");
      schema.put("enum", values);
      return schema;
    }
    throw new IllegalStateException("no schema for model type " + type);
  }

  private Map<String, Object> recordSchema(Class<?> type) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    Doc doc = type.getAnnotation(Doc.class);
    if (doc != null) {
      schema.put("description", doc.value());
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      String key = ConfigNames.key(component);
      properties.put(key, propertySchema(component));
      if (component.isAnnotationPresent(Required.class)) {
        required.add(key);
      }
    }
    schema.put("properties", properties);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    schema.put("additionalProperties", false);
    return schema;
  }

  private Map<String, Object> propertySchema(RecordComponent component) {
    Map<String, Object> schema = typeSchema(component.getGenericType());
    Doc doc = component.getAnnotation(Doc.class);
    if (doc == null) {
      throw new IllegalStateException(
          "undocumented configuration key "
              + component.getDeclaringRecord().getSimpleName()
              + "."
              + component.getName());
    }
    schema.put("description", doc.value());
    Default value = component.getAnnotation(Default.class);
    if (value != null && !value.value().equals("{}")) {
      schema.put("default", defaultValue(value.value(), schema));
    }
    Range range = component.getAnnotation(Range.class);
    if (range != null) {
      schema.put("minimum", range.min());
      schema.put("maximum", range.max());
    }
    if (component.isAnnotationPresent(NonEmpty.class)) {
      schema.put("array".equals(schema.get("type")) ? "minItems" : "minLength", 1);
    }
    return schema;
  }

  private static Object defaultValue(String text, Map<String, Object> schema) {
    Object type = schema.get("type");
    if ("integer".equals(type)) {
      return Long.parseLong(text);
    }
    if ("boolean".equals(type)) {
      return Boolean.parseBoolean(text);
    }
    if ("array".equals(type) || "object".equals(type)) {
      // A list or map default is written in YAML flow style; JSON wants the same structure.
      return new org.yaml.snakeyaml.Yaml(
              new org.yaml.snakeyaml.constructor.SafeConstructor(
                  new org.yaml.snakeyaml.LoaderOptions()))
          .load(text);
    }
    return text;
  }

  /** Writes the schema of {@code PorticoConfig} to the file named by the first argument. */
  public static void main(String[] args) throws java.io.IOException {
    String json = generate(dev.portico.config.model.PorticoConfig.class);
    java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]), json);
  }
}
