package dev.portico.config.internal;

/** A 1-based line and column in the configuration file. */
public record SourcePosition(int line, int column) {

  public static final SourcePosition START = new SourcePosition(1, 1);
}
