package dev.portico.config.model;

/**
 * A trace-context header format. Each listed format is accepted on incoming requests and written on
 * requests to upstreams. Written in kebab-case in YAML.
 */
public enum TracePropagation {
  /** W3C Trace Context: {@code traceparent} (and {@code tracestate}). */
  W3C,
  /** B3 in one header: {@code b3: traceid-spanid-sampled}. */
  B3,
  /** B3 in several headers, as Istio and Envoy propagate it: {@code X-B3-TraceId} etc. */
  B3_MULTI
}
