package dev.portico.config.model;

/** Which responses are logged whatever the sampling percentage says. */
public enum AccessLogAlways {
  /** Sampling applies to every response. */
  NONE,
  /** Responses with status 500 and above are always logged. */
  SERVER_ERRORS,
  /** Responses with status 400 and above are always logged. */
  ERRORS;

  /** Whether a response with {@code status} is logged whatever the sampling says. */
  public boolean covers(int status) {
    return switch (this) {
      case NONE -> false;
      case SERVER_ERRORS -> status >= 500;
      case ERRORS -> status >= 400;
    };
  }
}
