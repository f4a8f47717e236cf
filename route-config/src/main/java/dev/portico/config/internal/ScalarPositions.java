package dev.portico.config.internal;

import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Translates a position inside a scalar's value to a position in the file. Exact for values on one
 * line (plain or quoted) and for literal block scalars ({@code |}), which is how conditions are
 * written; for other multi-line styles, whose line breaks YAML folds away, the line is where the
 * value starts.
 */
final class ScalarPositions {

  private ScalarPositions() {}

  /**
   * @param text the whole file, or null when unknown (then the value's own position is used)
   * @param line 1-based line inside the value
   * @param column 1-based column inside that line
   */
  static SourcePosition locate(ScalarNode node, String text, int line, int column) {
    int startLine = node.getStartMark().getLine(); // 0-based
    int startColumn = node.getStartMark().getColumn(); // 0-based
    ScalarStyle style = node.getScalarStyle();
    if (text == null) {
      return new SourcePosition(startLine + 1, startColumn + 1);
    }
    if (style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED) {
      // The value starts on the line after the indicator; the block's indentation is that of its
      // first line, and deeper indentation of later lines is part of the value.
      int fileLine = startLine + (style == ScalarStyle.LITERAL ? line : 1);
      String content = lineOf(text, startLine + 1);
      if (content == null) {
        return new SourcePosition(startLine + 1, startColumn + 1);
      }
      int indent = 0;
      while (indent < content.length() && content.charAt(indent) == ' ') {
        indent++;
      }
      int inLine = style == ScalarStyle.LITERAL ? column : 1;
      return new SourcePosition(fileLine + 1, indent + inLine);
    }
    if (line > 1) {
      return new SourcePosition(startLine + 1, startColumn + 1);
    }
    int quote = style == ScalarStyle.PLAIN ? 0 : 1;
    return new SourcePosition(startLine + 1, startColumn + quote + column);
  }

  /** The 0-based line {@code index} of {@code text}, or null past the end. */
  private static String lineOf(String text, int index) {
    int start = 0;
    for (int i = 0; i < index; i++) {
      int next = text.indexOf('\n', start);
      if (next < 0) {
        return null;
      }
      start = next + 1;
    }
    int end = text.indexOf('\n', start);
    return text.substring(start, end < 0 ? text.length() : end);
  }
}
