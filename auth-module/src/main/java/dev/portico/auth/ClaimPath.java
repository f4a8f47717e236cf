package dev.portico.auth;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads a claim by dotted path ({@code realm_access.roles}) from a claims map. */
public final class ClaimPath {

  private ClaimPath() {}

  /** The value at {@code path}, or null. */
  public static Object value(Map<String, Object> claims, String path) {
    Object current = claims;
    for (String segment : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(segment);
    }
    return current;
  }

  /** The value as text: lists joined with commas, absent values as the empty string. */
  public static String text(Map<String, Object> claims, String path) {
    Object value = value(claims, path);
    if (value == null) {
      return "";
    }
    if (value instanceof Collection<?> collection) {
      return collection.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
    return String.valueOf(value);
  }

  /** The value as a list of strings: a JSON array, or a space-separated string. */
  public static List<String> strings(Map<String, Object> claims, String path) {
    Object value = value(claims, path);
    if (value instanceof Collection<?> collection) {
      return collection.stream().map(String::valueOf).toList();
    }
    if (value instanceof String text && !text.isBlank()) {
      return List.of(text.trim().split("\\s+"));
    }
    return List.of();
  }
}
