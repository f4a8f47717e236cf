package dev.portico.config.model;

/**
 * A value that failed to parse, with where inside the value the problem is, so the loader can
 * report the exact line and column of the file (e.g. a CEL condition written as a block scalar).
 */
public final class ValueSyntaxException extends IllegalArgumentException {

  private final int line;
  private final int column;

  /**
   * @param line 1-based line within the value
   * @param column 1-based column within that line
   */
  public ValueSyntaxException(String message, int line, int column) {
    super(message);
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
