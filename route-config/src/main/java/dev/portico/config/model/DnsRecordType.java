package dev.portico.config.model;

/** Which DNS records name an upstream's endpoints. */
public enum DnsRecordType {
  /** IPv4 addresses, on the configured port. */
  A,
  /** IPv6 addresses, on the configured port. */
  AAAA,
  /** Both. */
  A_AND_AAAA,
  /** SRV records: targets, ports, priorities and weights. */
  SRV
}
