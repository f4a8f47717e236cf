package dev.portico.config.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each value of a loaded file came from, by YAML path ({@code routes[2].match.path}). Lets
 * checks that run on the bound model report errors at the right line and column. Built once per
 * load, then read-only.
 */
public final class SourceMap {

  private final Map<String, SourcePosition> positions = new HashMap<>();
  private final Map<String, SourcePosition> keyPositions = new HashMap<>();

  void record(String path, SourcePosition position) {
    positions.putIfAbsent(path, position);
  }

  void recordKey(String path, SourcePosition position) {
    keyPositions.putIfAbsent(path, position);
  }

  /** Whether the file itself gave a value for {@code path} (rather than a default filling it). */
  public boolean isWritten(String path) {
    return positions.containsKey(path);
  }

  /** The position of the key of {@code path}, or else what {@link #find} returns. */
  public SourcePosition findKey(String path) {
    SourcePosition key = keyPositions.get(path);
    return key != null ? key : find(path);
  }

  /** The position of {@code path}, or of its nearest recorded ancestor, or the file start. */
  public SourcePosition find(String path) {
    String current = path;
    while (true) {
      SourcePosition found = positions.get(current);
      if (found != null) {
        return found;
      }
      if (current.isEmpty()) {
        return SourcePosition.START;
      }
      current = YamlPaths.parent(current);
    }
  }
}
