package dev.portico.gateway.internal;

/** Writes JSON string literals, for the few small JSON bodies Portico builds by hand. */
public final class JsonStrings {

  private JsonStrings() {}

  /** Appends {@code value} as a quoted JSON string, escaping quotes, backslashes and controls. */
  public static StringBuilder quote(String value, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"');
  }
}
