package dev.portico.config.model;

/** The state of an endpoint before its active health checks have decided. */
public enum InitialHealth {
  /** It takes traffic at once and leaves rotation when its checks fail. */
  HEALTHY,
  /** It takes traffic only after healthy-threshold passed checks. */
  UNHEALTHY
}
