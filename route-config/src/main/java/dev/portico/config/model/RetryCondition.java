package dev.portico.config.model;

/** A kind of failed attempt that a retry policy may retry. Written in kebab-case in YAML. */
public enum RetryCondition {
  /** The TCP connection could not be established; the request was never sent. */
  CONNECT_FAILURE,
  /** The connection closed or reset before a complete response arrived. */
  RESET
}
