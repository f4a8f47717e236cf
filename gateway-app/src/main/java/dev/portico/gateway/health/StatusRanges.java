package dev.portico.gateway.health;

import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP statuses a health check accepts: a union of inclusive ranges written {@code "200-299"}
 * or a single {@code "404"}. Immutable and thread-safe; {@link #contains} is a scan of a few ints.
 */
public final class StatusRanges {

  /**
   * 200 to 399: success and redirection (a health page may redirect; the check does not follow).
   */
  public static final StatusRanges DEFAULT = parse(List.of("200-399"));

  private final int[] lows;
  private final int[] highs;
  private final String text;

  private StatusRanges(int[] lows, int[] highs, String text) {
    this.lows = lows;
    this.highs = highs;
    this.text = text;
  }

  /**
   * Parses ranges such as {@code ["200-299", "404"]}.
   *
   * @throws IllegalArgumentException naming the entry ({@code expected-statuses[1]}) when the list
   *     is empty, an entry is not a status or range, a status is outside 100-599, or a range is
   *     reversed
   */
  public static StatusRanges parse(List<String> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException(
          "expected-statuses: is empty (expected e.g. [\"200-399\"])");
    }
    int[] lows = new int[entries.size()];
    int[] highs = new int[entries.size()];
    List<String> normalised = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i) == null ? "" : entries.get(i).strip();
      int dash = entry.indexOf('-');
      lows[i] = status(i, entry, dash < 0 ? entry : entry.substring(0, dash));
      highs[i] = dash < 0 ? lows[i] : status(i, entry, entry.substring(dash + 1));
      if (highs[i] < lows[i]) {
        throw new IllegalArgumentException(
            "expected-statuses["
                + i
                + "]: '"
                + entry
                + "' is a reversed range (expected low-high)");
      }
      normalised.add(lows[i] == highs[i] ? "" + lows[i] : lows[i] + "-" + highs[i]);
    }
    return new StatusRanges(lows, highs, String.join(",", normalised));
  }

  private static int status(int index, String entry, String part) {
    String digits = part.strip();
    if (digits.length() == 3 && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      int status = Integer.parseInt(digits);
      if (status >= 100 && status <= 599) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "expected-statuses["
            + index
            + "]: '"
            + entry
            + "' is not a status or range of statuses in 100-599 (expected e.g. 200, 200-299)");
  }

  /** Whether {@code status} is in one of the ranges. */
  public boolean contains(int status) {
    for (int i = 0; i < lows.length; i++) {
      if (status >= lows[i] && status <= highs[i]) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StatusRanges ranges && ranges.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** The ranges as written in configuration, e.g. {@code 200-299,404}. */
  @Override
  public String toString() {
    return text;
  }
}
