package dev.portico.config.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints durations as written in the configuration: {@code 250ms}, {@code 2s}, {@code
 * 1m30s}.
 */
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
      nanos =
          nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
    }
    try {
      return Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is too long (at most " + Long.MAX_VALUE / unitNanos("d") + "d)");
    }
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

  /**
   * Prints a non-negative {@code d} in the configuration's own syntax, e.g. {@code 1m30s}, {@code
   * 250ms} or {@code 25h}, so that {@link #parse} gives {@code d} back.
   */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long hours = d.toHours();
    long minutes = d.toMinutesPart();
    long seconds = d.toSecondsPart();
    int nanosOfSecond = d.toNanosPart();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (seconds > 0) {
      out.append(seconds).append('s');
    }
    if (nanosOfSecond > 0) {
      // Whole milliseconds print as such; a sub-millisecond rest as a decimal fraction of them.
      out.append(BigDecimal.valueOf(nanosOfSecond, 6).stripTrailingZeros().toPlainString())
          .append("ms");
    }
    return out.toString();
  }
}
