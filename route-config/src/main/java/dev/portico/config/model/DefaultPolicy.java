package dev.portico.config.model;

/** What a route without authentication or authorization means. */
public enum DefaultPolicy {
  /** Such a route is refused at load unless it says {@code public: true}. */
  DENY,
  /** Such a route is open to anyone. */
  ALLOW
}
