package dev.portico.config.internal;

import dev.portico.config.model.ValueSyntaxException;
import dev.portico.config.schema.ConfigNames;
import dev.portico.config.schema.Default;
import dev.portico.config.schema.NonEmpty;
import dev.portico.config.schema.Range;
import dev.portico.config.schema.Required;
import dev.portico.config.schema.ScalarType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Binds a composed YAML node tree onto the model records, strictly: unknown keys, duplicate keys,
 * wrong node kinds, unparsable scalars, out-of-range numbers and missing required keys are all
 * reported (never thrown), so one pass finds every error. A value that fails to bind becomes {@code
 * null} in the result, which the caller discards when any error was reported.
 *
 * <p>Not thread-safe; use one instance per load.
 */
public final class YamlBinder {

  private final Diagnostics diagnostics;

  /** False while binding a default value, whose nodes have no place in the file. */
  private boolean recordPositions = true;

  private final Interpolation interpolation;

  public YamlBinder(Diagnostics diagnostics, Interpolation interpolation) {
    this.diagnostics = diagnostics;
    this.interpolation = interpolation;
  }

  /** Binds the document root, which must be a mapping, onto {@code type}. */
  public <T> T bindRoot(Node root, Class<T> type) {
    return type.cast(bind(root, type, ""));
  }

  private Object bind(Node node, Type type, String path) {
    if (recordPositions) {
      diagnostics.sourceMap().record(path, positionOf(node));
    }
    Class<?> raw = rawClass(type);
    ScalarType scalar = ScalarType.of(raw);
    if (scalar != null) {
      return bindScalar(node, scalar, path);
    }
    if (raw.isRecord()) {
      return expect(node, MappingNode.class, "a mapping", path)
          ? bindRecord((MappingNode) node, raw, path)
          : null;
    }
    if (raw == List.class) {
      return bindList(node, typeArgument(type, 0), path);
    }
    if (raw == Map.class) {
      return expect(node, MappingNode.class, "a mapping", path)
          ? bindMap((MappingNode) node, typeArgument(type, 1), path)
          : null;
    }
    if (raw.isEnum()) {
      return expect(node, ScalarNode.class, "a single value", path)
          ? bindEnum((ScalarNode) node, raw, path)
          : null;
    }
    throw new IllegalStateException("no binding for model type " + type);
  }

  private Object bindScalar(Node node, ScalarType scalar, String path) {
    if (!expect(node, ScalarNode.class, "a single value", path)) {
      return null;
    }
    try {
      return scalar.parse(interpolation.apply(((ScalarNode) node).getValue()));
    } catch (ValueSyntaxException e) {
      diagnostics.errorInside((ScalarNode) node, path, e.line(), e.column(), e.getMessage());
      return null;
    } catch (IllegalArgumentException e) {
      diagnostics.error(node, path, e.getMessage());
      return null;
    }
  }

  private Object bindRecord(MappingNode node, Class<?> type, String path) {
    RecordComponent[] components = type.getRecordComponents();
    Map<String, RecordComponent> byKey = new LinkedHashMap<>();
    for (RecordComponent component : components) {
      byKey.put(ConfigNames.key(component), component);
    }
    Map<String, NodeTuple> entries = entries(node, path);
    entries.forEach(
        (key, tuple) -> {
          if (!byKey.containsKey(key)) {
            reportUnknownKey(tuple.getKeyNode(), YamlPaths.child(path, key), key, byKey.keySet());
          }
        });
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      String key = ConfigNames.key(component);
      String childPath = YamlPaths.child(path, key);
      NodeTuple tuple = entries.get(key);
      if (tuple != null && !isNull(tuple.getValueNode())) {
        args[i] = bind(tuple.getValueNode(), component.getGenericType(), childPath);
        checkConstraints(component, args[i], tuple.getValueNode(), childPath);
      } else if (tuple != null && component.isAnnotationPresent(Required.class)) {
        diagnostics.error(tuple.getKeyNode(), childPath, "has no value (required)");
      } else if (component.isAnnotationPresent(Required.class)) {
        diagnostics.error(node, childPath, "missing (required)");
      } else if (component.isAnnotationPresent(Default.class)) {
        args[i] = bindDefault(component, childPath);
      }
      if (args[i] == null && component.getType().isPrimitive()) {
        args[i] = component.getType() == boolean.class ? Boolean.FALSE : Integer.valueOf(0);
      }
    }
    return construct(type, components, args);
  }

  private Object bindDefault(RecordComponent component, String path) {
    String text = component.getAnnotation(Default.class).value();
    Node parsed = YamlDocuments.composeBuiltIn(text);
    boolean outer = recordPositions;
    recordPositions = false;
    try {
      return bind(parsed, component.getGenericType(), path);
    } finally {
      recordPositions = outer;
    }
  }

  private void checkConstraints(RecordComponent component, Object value, Node node, String path) {
    Range range = component.getAnnotation(Range.class);
    if (range != null
        && value instanceof Integer number
        && (number < range.min() || number > range.max())) {
      diagnostics.error(
          node,
          path,
          number + " is out of range (expected " + range.min() + ".." + range.max() + ")");
    }
    if (component.isAnnotationPresent(NonEmpty.class) && isEmpty(value)) {
      diagnostics.error(node, path, "must not be empty");
    }
  }

  private static boolean isEmpty(Object value) {
    return (value instanceof Collection<?> c && c.isEmpty())
        || (value instanceof Map<?, ?> m && m.isEmpty())
        || (value instanceof String s && s.isBlank());
  }

  private List<Object> bindList(Node node, Type itemType, String path) {
    if (node instanceof ScalarNode scalar) {
      Class<?> item = rawClass(itemType);
      String hint =
          ScalarType.of(item) != null || item.isEnum()
              ? " (write [" + scalar.getValue() + "] for one item)"
              : " (each item is a mapping)";
      diagnostics.error(node, path, "expected a list, got '" + scalar.getValue() + "'" + hint);
      return null;
    }
    if (!expect(node, SequenceNode.class, "a list", path)) {
      return null;
    }
    List<Node> items = ((SequenceNode) node).getValue();
    List<Object> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String itemPath = YamlPaths.index(path, i);
      if (isNull(items.get(i))) {
        diagnostics.error(items.get(i), itemPath, "empty list item");
        continue;
      }
      Object item = bind(items.get(i), itemType, itemPath);
      if (item != null) {
        out.add(item);
      }
    }
    return out;
  }

  private Map<String, Object> bindMap(MappingNode node, Type valueType, String path) {
    Map<String, Object> out = new LinkedHashMap<>();
    entries(node, path)
        .forEach(
            (key, tuple) -> {
              String childPath = YamlPaths.child(path, key);
              if (isNull(tuple.getValueNode())) {
                diagnostics.error(tuple.getKeyNode(), childPath, "has no value");
                return;
              }
              Object value = bind(tuple.getValueNode(), valueType, childPath);
              if (value != null) {
                out.put(key, value);
              }
            });
    return out;
  }

  private Object bindEnum(ScalarNode node, Class<?> type, String path) {
    Map<String, Object> byName = new LinkedHashMap<>();
    for (Object constant : type.getEnumConstants()) {
      byName.put(ConfigNames.enumValue((Enum<?>) constant), constant);
    }
    Object found = byName.get(node.getValue());
    if (found == null) {
      String hint =
          Suggestions.closest(node.getValue(), byName.keySet())
              .map(s -> "; did you mean '" + s + "'?")
              .orElse("");
      diagnostics.error(
          node,
          path,
          "'" + node.getValue() + "' is not one of " + String.join(", ", byName.keySet()) + hint);
    }
    return found;
  }

  /**
   * The mapping's entries by key, with merge keys ({@code <<: *anchor}) applied: keys written in
   * the mapping win over merged ones, and an earlier merged mapping wins over a later one. Merged
   * mappings may themselves merge others.
   */
  private Map<String, NodeTuple> entries(MappingNode node, String path) {
    Map<String, NodeTuple> entries = entries(node, path, true, new ArrayList<>());
    if (recordPositions) {
      entries.forEach(
          (key, tuple) ->
              diagnostics
                  .sourceMap()
                  .recordKey(YamlPaths.child(path, key), positionOf(tuple.getKeyNode())));
    }
    return entries;
  }

  private Map<String, NodeTuple> entries(
      MappingNode node, String path, boolean reportDuplicates, List<Node> merging) {
    Map<String, NodeTuple> explicit = new LinkedHashMap<>();
    merging.add(node);
    List<NodeTuple> merged = new ArrayList<>();
    for (NodeTuple tuple : node.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (keyNode.getTag().equals(Tag.MERGE)) {
        collectMerged(tuple.getValueNode(), merged, path, merging);
        continue;
      }
      if (!(keyNode instanceof ScalarNode scalarKey)) {
        diagnostics.error(keyNode, path, "keys must be plain strings");
        continue;
      }
      String key = scalarKey.getValue();
      NodeTuple first = explicit.putIfAbsent(key, tuple);
      if (first != null && reportDuplicates) {
        SourcePosition at = positionOf(first.getKeyNode());
        diagnostics.error(
            keyNode,
            YamlPaths.child(path, key),
            "duplicate key (first given at " + at.line() + ":" + at.column() + ")");
      }
    }
    for (NodeTuple tuple : merged) {
      explicit.putIfAbsent(((ScalarNode) tuple.getKeyNode()).getValue(), tuple);
    }
    merging.remove(merging.size() - 1);
    return explicit;
  }

  private void collectMerged(Node value, List<NodeTuple> into, String path, List<Node> merging) {
    if (merging.stream().anyMatch(n -> n == value)) {
      diagnostics.error(value, path, "a merge key (<<) merges a mapping into itself");
    } else if (value instanceof MappingNode mapping) {
      // Duplicates inside a merged mapping are reported where that mapping is bound itself.
      into.addAll(entries(mapping, path, false, merging).values());
    } else if (value instanceof SequenceNode sequence) {
      sequence.getValue().forEach(item -> collectMerged(item, into, path, merging));
    } else {
      diagnostics.error(value, path, "a merge key (<<) needs a mapping or a list of mappings");
    }
  }

  private void reportUnknownKey(Node keyNode, String path, String key, Collection<String> known) {
    String hint =
        Suggestions.closest(key, known)
            .map(s -> "; did you mean '" + s + "'?")
            .orElseGet(() -> "; expected one of " + String.join(", ", known));
    diagnostics.error(keyNode, path, "unknown key '" + key + "'" + hint);
  }

  private boolean expect(Node node, Class<? extends Node> kind, String expected, String path) {
    if (kind.isInstance(node)) {
      return true;
    }
    diagnostics.error(node, path, "expected " + expected + ", got " + describe(node));
    return false;
  }

  private static String describe(Node node) {
    if (node instanceof ScalarNode scalar) {
      return "'" + scalar.getValue() + "'";
    }
    return node instanceof SequenceNode ? "a list" : "a mapping";
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  static SourcePosition positionOf(Node node) {
    return new SourcePosition(
        node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
  }

  private static Object construct(Class<?> type, RecordComponent[] components, Object[] args) {
    Class<?>[] types =
        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
    try {
      Constructor<?> constructor = type.getDeclaredConstructor(types);
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "model "
              + type.getSimpleName()
              + " rejected "
              + Arrays.stream(args).map(String::valueOf).collect(Collectors.joining(", ")),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct model " + type.getName(), e);
    }
  }

  static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    throw new IllegalStateException("unsupported model type " + type);
  }

  static Type typeArgument(Type type, int index) {
    return ((ParameterizedType) type).getActualTypeArguments()[index];
  }
}
