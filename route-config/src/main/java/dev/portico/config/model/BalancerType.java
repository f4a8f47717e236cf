package dev.portico.config.model;

/** How an upstream spreads requests over its endpoints. */
public enum BalancerType {
  /** Smooth weighted round-robin: exact shares, the heavy endpoint's turns spread out. */
  ROUND_ROBIN,
  /** Weighted random. */
  RANDOM,
  /** Power of two choices by in-flight requests (optionally by latency). */
  LEAST_REQUEST,
  /** Maglev consistent hashing on a request key. */
  MAGLEV
}
