package dev.portico.config.model;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of bytes written as {@code 512}, {@code 64KB}, {@code 10MB} or {@code 1GB}. Units are
 * binary (1KB = 1024 bytes), as in nginx and Spring; {@code KiB}, {@code MiB}, {@code GiB} are
 * accepted as synonyms.
 */
public record ByteSize(long bytes) {

  private static final Pattern SYNTAX =
      Pattern.compile("(\\d{1,12})\\s*(B|KB|KIB|MB|MIB|GB|GIB)?", Pattern.CASE_INSENSITIVE);

  /** What {@link #parse} accepts, for error messages and the JSON Schema. */
  public static final String EXPECTED = "a size like 512, 64KB, 10MB or 1GB";

  public ByteSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size cannot be negative");
    }
  }

  public static ByteSize ofBytes(long bytes) {
    return new ByteSize(bytes);
  }

  public static ByteSize ofMegabytes(long megabytes) {
    return new ByteSize(megabytes * 1024 * 1024);
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming what was expected
   */
  public static ByteSize parse(String text) {
    Matcher m = SYNTAX.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size (expected " + EXPECTED + ")");
    }
    long number = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
    long factor =
        switch (unit) {
          case "KB", "KIB" -> 1024L;
          case "MB", "MIB" -> 1024L * 1024;
          case "GB", "GIB" -> 1024L * 1024 * 1024;
          default -> 1L;
        };
    if (number > Long.MAX_VALUE / factor) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is too large (at most "
              + Long.MAX_VALUE / factor
              + unit.replace("IB", "B")
              + ")");
    }
    return new ByteSize(number * factor);
  }

  @Override
  public String toString() {
    if (bytes != 0 && bytes % (1024L * 1024 * 1024) == 0) {
      return bytes / (1024L * 1024 * 1024) + "GB";
    }
    if (bytes != 0 && bytes % (1024L * 1024) == 0) {
      return bytes / (1024L * 1024) + "MB";
    }
    if (bytes != 0 && bytes % 1024 == 0) {
      return bytes / 1024 + "KB";
    }
    return Long.toString(bytes);
  }
}
