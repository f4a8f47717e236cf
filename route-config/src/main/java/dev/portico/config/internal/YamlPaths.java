package dev.portico.config.internal;

import java.util.regex.Pattern;

/** Builds and takes apart YAML paths such as {@code upstreams.orders.endpoints[1].url}. */
public final class YamlPaths {

  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  private YamlPaths() {}

  public static String child(String parent, String key) {
    String segment =
        PLAIN_KEY.matcher(key).matches() ? key : "[\"" + key.replace("\"", "\\\"") + "\"]";
    if (parent.isEmpty()) {
      return segment;
    }
    return segment.startsWith("[") ? parent + segment : parent + "." + segment;
  }

  public static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** The enclosing path, or the empty string at the top. */
  public static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    if (cut <= 0) {
      return "";
    }
    // Do not cut inside a quoted key such as ["a.b"].
    int quote = path.lastIndexOf("[\"");
    if (quote >= 0 && cut > quote && path.endsWith("\"]")) {
      cut = quote;
    }
    return path.substring(0, cut);
  }
}
