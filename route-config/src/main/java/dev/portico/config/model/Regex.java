package dev.portico.config.model;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression (Java syntax) compiled once when the configuration loads. Two instances are
 * equal when their source text is.
 */
public final class Regex {

  private final Pattern pattern;

  private Regex(Pattern pattern) {
    this.pattern = pattern;
  }

  /**
   * Compiles {@code source}.
   *
   * @throws IllegalArgumentException with the compiler's description of the first problem
   */
  public static Regex compile(String source) {
    try {
      return new Regex(Pattern.compile(source));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "'"
              + source
              + "' is not a valid regular expression: "
              + e.getDescription()
              + " near index "
              + e.getIndex());
    }
  }

  public Pattern pattern() {
    return pattern;
  }

  /** Whether the whole of {@code input} matches. */
  public boolean matches(CharSequence input) {
    return pattern.matcher(input).matches();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Regex other && pattern.pattern().equals(other.pattern.pattern());
  }

  @Override
  public int hashCode() {
    return pattern.pattern().hashCode();
  }

  @Override
  public String toString() {
    return pattern.pattern();
  }
}
