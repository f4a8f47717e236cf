package dev.portico.config.model;

/** Where finished spans are sent. Written in kebab-case in YAML. */
public enum TraceExporter {
  /** Zipkin's HTTP API, v2 JSON (POST to e.g. http://zipkin:9411/api/v2/spans). */
  ZIPKIN,
  /** OTLP over HTTP, protobuf (POST to e.g. http://collector:4318/v1/traces). */
  OTLP,
  /** Nowhere: trace ids are still made and propagated (for logs and the upstreams). */
  NONE
}
