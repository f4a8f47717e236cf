package dev.portico.config.model;

/** Where rate-limit state is kept. */
public enum RateLimitStore {
  /** In this gateway's memory: exact for one instance, nothing to install. */
  LOCAL,
  /** In Redis (one node or a cluster), shared by every gateway replica. */
  REDIS
}
