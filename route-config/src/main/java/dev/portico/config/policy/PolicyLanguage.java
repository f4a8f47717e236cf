package dev.portico.config.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.portico.config.internal.Suggestions;
import dev.portico.config.model.ValueSyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The CEL dialect of authorization conditions: the declared variables ({@link PolicyVariable}), the
 * standard library, a boolean result, and the limits that bound what one evaluation may cost.
 * Conditions are parsed and type-checked once, when the configuration loads; evaluation runs the
 * checked tree on CEL's planner runtime. Thread-safe.
 */
public final class PolicyLanguage {

  /** Longest condition accepted, in code points. */
  public static final int MAX_LENGTH = 2048;

  /** Deepest nesting of a condition's syntax. */
  public static final int MAX_NESTING = 32;

  /** Most iterations of all comprehensions ({@code exists}, {@code all}, {@code map}) together. */
  public static final int MAX_ITERATIONS = 1000;

  /** Largest compiled regular expression ({@code matches}), in RE2 program instructions. */
  public static final int MAX_REGEX_PROGRAM = 200;

  static final CelOptions OPTIONS =
      CelOptions.current()
          .maxExpressionCodePointSize(MAX_LENGTH)
          .maxParseRecursionDepth(MAX_NESTING)
          .comprehensionMaxIterations(MAX_ITERATIONS)
          .maxRegexProgramSize(MAX_REGEX_PROGRAM)
          .enableHeterogeneousNumericComparisons(true)
          .enableTimestampEpoch(true)
          .build();

  private static final CelCompiler COMPILER = compiler();
  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.plannerRuntimeBuilder().setOptions(OPTIONS).build();
  private static final List<String> NAMES =
      Arrays.stream(PolicyVariable.values()).map(PolicyVariable::celName).toList();

  private PolicyLanguage() {}

  /**
   * Parses and type-checks {@code source}.
   *
   * @throws ValueSyntaxException with the first problem and where in {@code source} it is
   */
  public static CelAbstractSyntaxTree compile(String source) {
    CelValidationResult result = COMPILER.compile(source);
    if (!result.hasError()) {
      try {
        return result.getAst();
      } catch (dev.cel.common.CelValidationException e) {
        throw new IllegalStateException("a result without errors has a tree", e);
      }
    }
    CelIssue issue = result.getErrors().get(0);
    CelSourceLocation at = issue.getSourceLocation();
    int line = Math.max(1, at.getLine());
    int column = Math.max(0, at.getColumn()) + 1;
    throw new ValueSyntaxException(
        "CEL: " + describe(issue.getMessage(), source, line, column), line, column);
  }

  /** A program that evaluates a checked condition; built once per configuration snapshot. */
  public static CelRuntime.Program program(CelAbstractSyntaxTree ast) {
    try {
      return RUNTIME.createProgram(ast);
    } catch (CelEvaluationException e) {
      throw new IllegalArgumentException("the condition cannot be planned: " + e.getMessage(), e);
    }
  }

  /** The declared variable names, in documentation order. */
  public static List<String> variableNames() {
    return NAMES;
  }

  private static CelCompiler compiler() {
    CelCompilerBuilder builder =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setResultType(SimpleType.BOOL);
    for (PolicyVariable variable : PolicyVariable.values()) {
      builder.addVar(variable.celName(), variable.type());
    }
    return builder.build();
  }

  /**
   * CEL reports a misspelt {@code request.mthod} as an undeclared {@code request}; name the whole
   * reference instead, with the closest declared variable.
   */
  private static String describe(String message, String source, int line, int column) {
    if (!message.startsWith("undeclared reference to")) {
      return message;
    }
    String reference = referenceAt(source, line, column);
    if (reference.isEmpty()) {
      return message;
    }
    Optional<String> closest = Suggestions.closest(reference, NAMES);
    return "undeclared reference to '"
        + reference
        + "'"
        + closest.map(c -> " (did you mean '" + c + "'?)").orElse("")
        + "; the variables are "
        + String.join(", ", NAMES);
  }

  private static String referenceAt(String source, int line, int column) {
    String[] lines = source.split("\n", -1);
    if (line > lines.length) {
      return "";
    }
    String text = lines[line - 1];
    int start = Math.min(column - 1, text.length());
    int end = start;
    while (end < text.length()
        && (Character.isLetterOrDigit(text.charAt(end))
            || text.charAt(end) == '_'
            || text.charAt(end) == '.')) {
      end++;
    }
    return text.substring(start, end).replaceAll("\\.+$", "");
  }
}
