package dev.portico.config;

import dev.portico.config.schema.ConfigNames;
import dev.portico.config.schema.ScalarType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every key of the configuration as a full dotted path, walked from the model records with the
 * binder's kebab-case naming. Notation: {@code routes[].retries.backoff.first} ({@code []} = each
 * item of a list), {@code upstreams.<name>.endpoints[].url} ({@code <name>} = each key of a map
 * whose keys are chosen by the user).
 */
final class ConfigKeys {

  private ConfigKeys() {}

  static List<String> of(Class<?> root) {
    return new ArrayList<>(components(root).keySet());
  }

  /** Every key path with the record component that defines it, in declaration order. */
  static Map<String, RecordComponent> components(Class<?> root) {
    Map<String, RecordComponent> out = new LinkedHashMap<>();
    walk(root, "", out);
    return out;
  }

  private static void walk(Class<?> record, String prefix, Map<String, RecordComponent> out) {
    for (RecordComponent component : record.getRecordComponents()) {
      String path = (prefix.isEmpty() ? "" : prefix + ".") + ConfigNames.key(component);
      out.put(path, component);
      Type type = component.getGenericType();
      Class<?> raw = raw(type);
      if (ScalarType.of(raw) != null) {
        continue;
      }
      if (raw.isRecord()) {
        walk(raw, path, out);
      } else if (raw == List.class && isSection(argument(type, 0))) {
        walk(raw(argument(type, 0)), path + "[]", out);
      } else if (raw == Map.class && isSection(argument(type, 1))) {
        walk(raw(argument(type, 1)), path + ".<name>", out);
      }
    }
  }

  /** Whether {@code document} (SnakeYAML's plain maps and lists) gives a value for {@code path}. */
  static boolean isUsed(Object document, String path) {
    return isUsed(document, Arrays.asList(path.split("\\.")));
  }

  private static boolean isUsed(Object node, List<String> tokens) {
    if (tokens.isEmpty()) {
      return node != null;
    }
    if (!(node instanceof Map<?, ?> map)) {
      return false;
    }
    String token = tokens.get(0);
    List<String> rest = tokens.subList(1, tokens.size());
    if (token.equals("<name>")) {
      return map.values().stream().anyMatch(value -> isUsed(value, rest));
    }
    if (token.endsWith("[]")) {
      Object list = map.get(token.substring(0, token.length() - 2));
      return list instanceof List<?> items && items.stream().anyMatch(item -> isUsed(item, rest));
    }
    return isUsed(map.get(token), rest);
  }

  /** A record that is a mapping in YAML, not a scalar type that happens to be a record. */
  private static boolean isSection(Type type) {
    return raw(type).isRecord() && ScalarType.of(raw(type)) == null;
  }

  private static Class<?> raw(Type type) {
    return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
  }

  private static Type argument(Type type, int index) {
    return ((ParameterizedType) type).getActualTypeArguments()[index];
  }
}
