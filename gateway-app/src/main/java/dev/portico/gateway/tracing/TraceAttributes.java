package dev.portico.gateway.tracing;

/**
 * Exchange attributes that carry the current request's trace identity, for access logs and other
 * code that wants to correlate with traces. Set by the server-span web filter before any other
 * Portico filter runs, only when {@code gateway.tracing.enabled} is true; absent otherwise.
 */
public final class TraceAttributes {

  /** Exchange attribute: the trace id of the request, 32 lowercase hex characters. */
  public static final String TRACE_ID = "portico.traceId";

  /** Exchange attribute: the id of the gateway's server span, 16 lowercase hex characters. */
  public static final String SPAN_ID = "portico.spanId";

  /** Exchange attribute (package-internal use): the server span itself. */
  static final String SERVER_SPAN = "portico.serverSpan";

  private TraceAttributes() {}
}
