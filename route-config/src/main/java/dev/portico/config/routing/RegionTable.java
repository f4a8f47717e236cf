package dev.portico.config.routing;

/**
 * A read-mostly hash table from string keys to values that is looked up by a region of a larger
 * string ({@code path[start, end)}), so route lookup never cuts the request path into substrings.
 * Open addressing with linear probing; filled while an index is built, then only read. Not
 * thread-safe while being filled; safe for concurrent reads afterwards.
 */
final class RegionTable<V> {

  private String[] keys = new String[4];
  private Object[] values = new Object[4];
  private int size;

  /** The value for {@code key}, created with {@code factory} if absent. */
  @SuppressWarnings("unchecked")
  V computeIfAbsent(String key, java.util.function.Supplier<V> factory) {
    V existing = get(key, 0, key.length());
    if (existing != null) {
      return existing;
    }
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    V value = factory.get();
    insert(key, value);
    size++;
    return value;
  }

  /** The value whose key equals {@code text[start, end)}, or null. */
  @SuppressWarnings("unchecked")
  V get(String text, int start, int end) {
    int mask = keys.length - 1;
    int slot = hash(text, start, end) & mask;
    int length = end - start;
    while (true) {
      String key = keys[slot];
      if (key == null) {
        return null;
      }
      if (key.length() == length && text.regionMatches(start, key, 0, length)) {
        return (V) values[slot];
      }
      slot = (slot + 1) & mask;
    }
  }

  boolean isEmpty() {
    return size == 0;
  }

  private void insert(String key, Object value) {
    int mask = keys.length - 1;
    int slot = hash(key, 0, key.length()) & mask;
    while (keys[slot] != null) {
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    values[slot] = value;
  }

  private void grow() {
    String[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new String[oldKeys.length * 2];
    values = new Object[oldKeys.length * 2];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        insert(oldKeys[i], oldValues[i]);
      }
    }
  }

  /** String.hashCode of the region, spread so that linear probing sees the high bits too. */
  private static int hash(String text, int start, int end) {
    int h = 0;
    for (int i = start; i < end; i++) {
      h = 31 * h + text.charAt(i);
    }
    return h ^ (h >>> 16);
  }
}
