package dev.portico.config.schema;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A minimal pretty-printing JSON writer for maps, lists, strings, numbers and booleans. */
final class JsonText {

  private JsonText() {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, 0);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out, int depth) {
    if (value instanceof Map<?, ?> map) {
      writeEntries(map.entrySet().iterator(), map.isEmpty(), '{', '}', out, depth, true);
    } else if (value instanceof List<?> list) {
      boolean scalars = list.stream().noneMatch(v -> v instanceof Map || v instanceof List);
      if (scalars) {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          out.append(i == 0 ? "" : ", ");
          write(list.get(i), out, depth);
        }
        out.append(']');
      } else {
        writeEntries(list.iterator(), list.isEmpty(), '[', ']', out, depth, false);
      }
    } else if (value instanceof String s) {
      quote(s, out);
    } else {
      out.append(value);
    }
  }

  private static void writeEntries(
      Iterator<?> items,
      boolean empty,
      char open,
      char close,
      StringBuilder out,
      int depth,
      boolean keyed) {
    out.append(open);
    if (empty) {
      out.append(close);
      return;
    }
    String indent = "  ".repeat(depth + 1);
    boolean first = true;
    while (items.hasNext()) {
      out.append(first ? "\n" : ",\n").append(indent);
      first = false;
      Object item = items.next();
      if (keyed) {
        Map.Entry<?, ?> entry = (Map.Entry<?, ?>) item;
        quote(String.valueOf(entry.getKey()), out);
        out.append(": ");
        write(entry.getValue(), out, depth + 1);
      } else {
        write(item, out, depth + 1);
      }
    }
    out.append('\n').append("  ".repeat(depth)).append(close);
  }

  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
