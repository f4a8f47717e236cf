package dev.portico.config.model;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate written as {@code COUNT/UNIT}: {@code 100/s}, {@code 1000/min}, {@code 50000/h}, {@code
 * 1e6/day}. The count is a positive whole number (scientific notation allowed); the unit is s, min,
 * h or day (also sec, second, m, minute, hour, d).
 *
 * @param count how many requests
 * @param period per how long
 */
public record Rate(long count, Duration period) {

  private static final Pattern SYNTAX =
      Pattern.compile("(\\d+(?:\\.\\d+)?(?:[eE]\\d+)?)\\s*/\\s*([a-zA-Z]+)");

  /** What {@link #parse} accepts, for error messages. */
  public static final String EXPECTED = "a rate like 100/s, 1000/min, 50000/h or 1e6/day";

  public Rate {
    if (count <= 0) {
      throw new IllegalArgumentException("a rate needs a positive count");
    }
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming what was expected
   */
  public static Rate parse(String text) {
    Matcher m = SYNTAX.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a rate (expected " + EXPECTED + ")");
    }
    double number = Double.parseDouble(m.group(1));
    if (number != Math.rint(number) || number < 1 || number > 1e15) {
      throw new IllegalArgumentException(
          "'" + text + "': the count must be a whole number from 1 to 1e15");
    }
    Duration period =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "s", "sec", "second" -> Duration.ofSeconds(1);
          case "m", "min", "minute" -> Duration.ofMinutes(1);
          case "h", "hour" -> Duration.ofHours(1);
          case "d", "day" -> Duration.ofDays(1);
          default ->
              throw new IllegalArgumentException(
                  "'" + text + "': '" + m.group(2) + "' is not a unit (expected s, min, h or day)");
        };
    return new Rate((long) number, period);
  }

  @Override
  public String toString() {
    String unit =
        period.equals(Duration.ofSeconds(1))
            ? "s"
            : period.equals(Duration.ofMinutes(1))
                ? "min"
                : period.equals(Duration.ofHours(1)) ? "h" : "day";
    return count + "/" + unit;
  }
}
