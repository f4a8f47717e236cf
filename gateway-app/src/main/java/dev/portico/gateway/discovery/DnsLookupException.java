package dev.portico.gateway.discovery;

/** A failed lookup, classified; carries no stack trace (it is an expected outcome, not a bug). */
final class DnsLookupException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final DnsFailure.Kind kind;

  DnsLookupException(DnsFailure.Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  DnsFailure.Kind kind() {
    return kind;
  }
}
