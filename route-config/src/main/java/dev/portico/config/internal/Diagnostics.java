package dev.portico.config.internal;

import dev.portico.config.ConfigError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Collects the errors of one load, each placed at a line and column of the file. Not thread-safe;
 * one instance per load.
 */
public final class Diagnostics {

  private final String file;
  private final String text;
  private final SourceMap sourceMap = new SourceMap();
  private final List<ConfigError> errors = new ArrayList<>();

  public Diagnostics(String file) {
    this(file, null);
  }

  /**
   * @param text the file's content, so errors inside a value (a CEL condition) can be placed at
   *     their exact line and column; null places them at the value
   */
  public Diagnostics(String file, String text) {
    this.file = file;
    this.text = text;
  }

  public SourceMap sourceMap() {
    return sourceMap;
  }

  /** An error at the given node. */
  public void error(Node node, String path, String message) {
    add(YamlBinder.positionOf(node), path, message);
  }

  /**
   * An error at line {@code line}, column {@code column} (both 1-based) inside the value of a
   * scalar node, translated to the file's line and column.
   */
  public void errorInside(ScalarNode node, String path, int line, int column, String message) {
    add(ScalarPositions.locate(node, text, line, column), path, message);
  }

  /** An error at the value recorded for {@code path} (or its nearest ancestor). */
  public void error(String path, String message) {
    add(sourceMap.find(path), path, message);
  }

  /**
   * An error about the key of {@code path} itself (e.g. a name that is not allowed), placed at the
   * key; falls back to the value's position when the key was not recorded.
   */
  public void errorAtKey(String path, String message) {
    add(sourceMap.findKey(path), path, message);
  }

  /**
   * Whether an error was already reported at {@code path} or inside it. Checks that combine several
   * keys use it to stay quiet when one of those keys failed to bind, so a single mistake is not
   * reported twice under different names.
   */
  public boolean hasErrorsAt(String path) {
    for (ConfigError error : errors) {
      String p = error.path();
      if (p.equals(path)
          || path.isEmpty()
          || (p.startsWith(path)
              && (p.charAt(path.length()) == '.' || p.charAt(path.length()) == '['))) {
        return true;
      }
    }
    return false;
  }

  public void add(SourcePosition position, String path, String message) {
    errors.add(new ConfigError(file, position.line(), position.column(), path, message));
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  /** All errors in file order (line, then column), duplicates removed. */
  public List<ConfigError> errors() {
    return errors.stream()
        .distinct()
        .sorted(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column))
        .toList();
  }
}
