package dev.portico.config.model;

/** What a rate limit does while its shared store cannot be reached. */
public enum StoreFailureMode {
  /** Let every request through, uncounted. */
  OPEN,
  /** Refuse every request with 503. */
  CLOSED,
  /** Enforce the limit divided by the number of replicas, from this gateway's own memory. */
  LOCAL
}
