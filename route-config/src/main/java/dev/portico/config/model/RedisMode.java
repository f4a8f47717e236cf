package dev.portico.config.model;

/** How Portico talks to Redis. */
public enum RedisMode {
  /** One Redis server (or a primary behind a stable address). */
  STANDALONE,
  /** Redis Cluster: the nodes are seeds; the topology is discovered and followed. */
  CLUSTER
}
