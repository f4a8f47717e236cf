package dev.portico.config.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations as written in the configuration: {@code 250ms}, {@code 2s}, {@code 1m30s}. */
public final class Durations {

  /** What {@link #parse} accepts, for error messages and the JSON Schema. */
  public static final String EXPECTED = "e.g. 250ms, 2s, 1m, 1h30m";

  /** The syntax as a regular expression, for the JSON Schema. */
  public static final String SYNTAX = "^(\\d+(\\.\\d+)?(ms|s|m|h|d))+$";

  private static final Pattern WHOLE = Pattern.compile(SYNTAX);
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming what was expected
   */
  public static Duration parse(String text) {
    String trimmed = text.trim();
    if (!WHOLE.matcher(trimmed).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (expected " + EXPECTED + ")");
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher m = PART.matcher(trimmed);
    while (m.find()) {
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
    }
    return Duration.ofNanos(nanos.longValue());
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> 86_400_000_000_000L;
    };
  }

  /** Prints {@code d} in the configuration's own syntax, e.g. {@code 1m30s} or {@code 250ms}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long hours = d.toHours();
    long minutes = d.toMinutesPart();
    long seconds = d.toSecondsPart();
    long millis = d.toMillisPart();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (seconds > 0) {
      out.append(seconds).append('s');
    }
    if (millis > 0) {
      out.append(millis).append("ms");
    }
    return out.toString();
  }
}
