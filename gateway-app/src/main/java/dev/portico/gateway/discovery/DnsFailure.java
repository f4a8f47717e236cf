package dev.portico.gateway.discovery;

import java.time.Instant;
import java.util.Objects;

/**
 * Why a resolution failed, and when. Immutable.
 *
 * @param kind the class of failure, for metrics and alerts
 * @param message what was asked of which server and what happened
 * @param at when it failed (from the discovery's clock)
 */
public record DnsFailure(Kind kind, String message, Instant at) {

  /** The classes of resolution failure. */
  public enum Kind {
    /** No name server answered within the query timeout. */
    TIMEOUT,
    /** Every name server answered with an error code (SERVFAIL, REFUSED, ...). */
    SERVER_FAILURE,
    /** The name does not exist (NXDOMAIN). */
    NAME_NOT_FOUND,
    /** The name exists but yielded no usable endpoint (no records, or SRV targets without any). */
    EMPTY_ANSWER,
    /** The query could not be sent or the answer not read (socket error, malformed answer). */
    NETWORK
  }

  public DnsFailure {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(at, "at");
  }
}
