package dev.portico.config.schema;

import dev.portico.config.model.ByteSize;
import dev.portico.config.model.CelExpression;
import dev.portico.config.model.Cidr;
import dev.portico.config.model.Durations;
import dev.portico.config.model.Rate;
import dev.portico.config.model.Regex;
import dev.portico.config.model.SpiffeId;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The scalar value types a configuration key can have: how each is parsed from YAML text and how it
 * is described in the JSON Schema. The binder and the schema generator both use this one table, so
 * they cannot disagree.
 */
public enum ScalarType {
  // Any YAML scalar binds to a string as written, so `equals: 1` or `team: 42` are strings too.
  STRING(String.class, List.of("string", "number", "boolean"), null, text -> text),
  INTEGER(Integer.class, "integer", null, ScalarType::parseInteger),
  BOOLEAN(Boolean.class, "boolean", null, ScalarType::parseBoolean),
  DURATION(Duration.class, "string", Durations.SYNTAX, Durations::parse),
  // A plain number of bytes may be written as a YAML integer; units are case-insensitive.
  BYTE_SIZE(
      ByteSize.class,
      List.of("integer", "string"),
      "^\\d{1,12}\\s*([KkMmGg][Ii]?[Bb]|[Bb])?$",
      ByteSize::parse),
  CIDR(Cidr.class, "string", null, Cidr::parse),
  REGEX(Regex.class, "string", null, Regex::compile),
  SPIFFE_ID(
      SpiffeId.class, "string", "^spiffe://[a-z0-9._-]+(/[a-zA-Z0-9._-]+)*$", SpiffeId::parse),
  CEL(CelExpression.class, "string", null, CelExpression::compile),
  RATE(Rate.class, "string", "^\\s*\\d+(\\.\\d+)?([eE]\\d+)?\\s*/\\s*[a-zA-Z]+\\s*$", Rate::parse),
  URL(
      URI.class,
      "string",
      "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#@\\s]+(/[^?#\\s]*)?$",
      ScalarType::parseHttpUrl);

  private final Class<?> javaType;
  private final Object jsonType;
  private final String pattern;
  private final Function<String, Object> parser;

  ScalarType(Class<?> javaType, Object jsonType, String pattern, Function<String, Object> parser) {
    this.javaType = javaType;
    this.jsonType = jsonType;
    this.pattern = pattern;
    this.parser = parser;
  }

  /** The scalar type for {@code type} (primitives included), or {@code null} if it is not one. */
  public static ScalarType of(Class<?> type) {
    Class<?> boxed =
        type == int.class ? Integer.class : type == boolean.class ? Boolean.class : type;
    for (ScalarType candidate : values()) {
      if (candidate.javaType == boxed) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * Parses YAML text.
   *
   * @throws IllegalArgumentException naming the value and what was expected
   */
  public Object parse(String text) {
    return parser.apply(text);
  }

  /**
   * The JSON Schema fragment for this type: a {@code type} (a string, or a list of them when YAML
   * may write the value as more than one JSON type) and, for some, a {@code pattern} (which applies
   * to string values only).
   */
  public Map<String, Object> jsonSchema() {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", jsonType);
    if (pattern != null) {
      schema.put("pattern", pattern);
    }
    if (this == BYTE_SIZE) {
      // The pattern only constrains the string form; these bound the plain-integer form alike.
      schema.put("minimum", 0);
      schema.put("maximum", 999_999_999_999L);
    }
    return schema;
  }

  private static Object parseInteger(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not an integer");
    }
  }

  private static Object parseBoolean(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default ->
          throw new IllegalArgumentException(
              "'" + text + "' is not a boolean (expected true or false)");
    };
  }

  private static Object parseHttpUrl(String text) {
    String expected = " (expected e.g. http://orders.default.svc:8080)";
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + text + "' is not a URL" + expected);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("'" + text + "' is not an http or https URL" + expected);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("'" + text + "' has no host" + expected);
    }
    String extra =
        uri.getRawQuery() != null
            ? "a query"
            : uri.getRawFragment() != null
                ? "a fragment"
                : uri.getRawUserInfo() != null ? "user info" : null;
    if (extra != null) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' has "
              + extra
              + "; an endpoint URL is scheme, host, optional port and"
              + " base path"
              + expected);
    }
    return uri;
  }
}
