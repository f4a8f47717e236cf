package dev.portico.config.model;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.portico.config.policy.PolicyLanguage;

/**
 * A CEL condition, parsed and type-checked once when the configuration loads (see {@link
 * PolicyLanguage}). Two instances are equal when their source text is.
 */
public final class CelExpression {

  private final String source;
  private final CelAbstractSyntaxTree ast;

  private CelExpression(String source, CelAbstractSyntaxTree ast) {
    this.source = source;
    this.ast = ast;
  }

  /**
   * Compiles {@code source}.
   *
   * @throws ValueSyntaxException naming the first problem and where in the source it is
   */
  public static CelExpression compile(String source) {
    return new CelExpression(source, PolicyLanguage.compile(source));
  }

  public String source() {
    return source;
  }

  /** The checked syntax tree, for {@link PolicyLanguage#program}. */
  public CelAbstractSyntaxTree ast() {
    return ast;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CelExpression other && source.equals(other.source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
