package dev.portico.gateway.accesslog;

import org.springframework.web.server.ServerWebExchange;

/**
 * The per-request state the access log collects while a request runs: when it started, the bytes
 * the body decorators counted, the exchange (for its attributes) and the upstream timing. Written
 * by the request's own signals, which Reactor delivers one at a time, and read once the response
 * has completed; fields are volatile because those signals may arrive on different threads.
 */
final class RequestRecord {

  /** Exchange attribute under which the record is found by the upstream timing filter. */
  static final String ATTR = "portico.accessLog";

  final long startNanos;
  private volatile long requestBytes;
  private volatile long responseBytes;
  private volatile ServerWebExchange exchange;
  private volatile long upstreamNanos = -1;
  private volatile int attempts;

  RequestRecord(long startNanos) {
    this.startNanos = startNanos;
  }

  void addRequestBytes(long bytes) {
    requestBytes += bytes;
  }

  void addResponseBytes(long bytes) {
    responseBytes += bytes;
  }

  long requestBytes() {
    return requestBytes;
  }

  long responseBytes() {
    return responseBytes;
  }

  void attach(ServerWebExchange exchange) {
    this.exchange = exchange;
    exchange.getAttributes().put(ATTR, this);
  }

  /** The exchange, or null when the request never reached the web filters. */
  ServerWebExchange exchange() {
    return exchange;
  }

  void upstreamAttempt(long nanos) {
    upstreamNanos = nanos;
    attempts++;
  }

  /** Time from sending the last attempt to its response headers; null without an attempt. */
  Long upstreamNanos() {
    long nanos = upstreamNanos;
    return nanos < 0 ? null : nanos;
  }

  int attempts() {
    return attempts;
  }
}
