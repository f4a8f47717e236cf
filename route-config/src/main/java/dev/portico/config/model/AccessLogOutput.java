package dev.portico.config.model;

/** Where access-log lines go. */
public enum AccessLogOutput {
  /** The process's standard output, one line per request. */
  STDOUT,
  /** A file that rolls over by size ({@code gateway.access-log.file}). */
  FILE
}
