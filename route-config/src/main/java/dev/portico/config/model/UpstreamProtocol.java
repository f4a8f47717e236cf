package dev.portico.config.model;

/** The HTTP version Portico speaks to an upstream's endpoints. */
public enum UpstreamProtocol {
  /** HTTP/1.1 over plain TCP or TLS (the endpoint URL's scheme decides). */
  HTTP1,
  /**
   * HTTP/2 over plain TCP with prior knowledge (no Upgrade round trip): what gRPC servers speak
   * without TLS. Needs http:// endpoints.
   */
  H2C
}
