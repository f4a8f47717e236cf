package dev.portico.config.internal;

import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads YAML text into a node tree with positions, with limits against hostile input (alias bombs,
 * huge documents, deep nesting). Syntax errors become diagnostics at their line and column.
 */
public final class YamlDocuments {

  /** Largest configuration file accepted, in characters. */
  public static final int MAX_CODE_POINTS = 8 * 1024 * 1024;

  private YamlDocuments() {}

  /**
   * The document's root node, or {@code null} when it is empty or has a syntax error (reported).
   */
  public static Node compose(String text, Diagnostics diagnostics) {
    try {
      return yaml().compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      SourcePosition at =
          mark == null
              ? SourcePosition.START
              : new SourcePosition(mark.getLine() + 1, mark.getColumn() + 1);
      diagnostics.add(at, "", "YAML syntax: " + describe(e));
      return null;
    } catch (YAMLException e) {
      diagnostics.add(SourcePosition.START, "", "YAML: " + e.getMessage());
      return null;
    }
  }

  /** Parses a default value written in the model's annotations; those are trusted and valid. */
  static Node composeBuiltIn(String text) {
    return yaml().compose(new StringReader(text));
  }

  /**
   * The problem first, then what the parser was reading and, when it began on another line, where:
   * an unclosed bracket is reported where the parser gave up, which can be lines below it.
   */
  private static String describe(MarkedYAMLException e) {
    String problem = e.getProblem() == null ? "invalid document" : e.getProblem();
    if (e.getContext() == null) {
      return problem;
    }
    if (!e.getContext().startsWith("while ")) {
      return e.getContext() + ", " + problem;
    }
    Mark context = e.getContextMark();
    Mark at = e.getProblemMark();
    if (context == null || (at != null && at.getLine() == context.getLine())) {
      return problem + " (" + e.getContext() + ")";
    }
    return problem
        + " ("
        + e.getContext()
        + " that starts at "
        + (context.getLine() + 1)
        + ":"
        + (context.getColumn() + 1)
        + ")";
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(50);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(64);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setProcessComments(false);
    return new Yaml(options);
  }
}
