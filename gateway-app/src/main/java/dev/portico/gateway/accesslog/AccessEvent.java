package dev.portico.gateway.accesslog;

import java.time.Instant;

/**
 * What is known about one finished request, gathered from the exchange and turned into a line by
 * {@link EcsLine}. Fields left null are left out of the line. Values must already be safe to log:
 * the query is redacted before it is set here. Filled and read on one thread, then dropped.
 */
final class AccessEvent {

  /** ECS {@code event.outcome} values. */
  enum Outcome {
    SUCCESS,
    FAILURE,
    UNKNOWN;

    String ecs() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  Instant timestamp;
  long durationNanos;
  Outcome outcome = Outcome.UNKNOWN;

  String requestId;
  String traceId;
  String spanId;

  String method;
  String path;
  String query;
  String httpVersion;
  String userAgent;
  long requestBytes;

  /** 0 while no status is known (the client went away before one was chosen). */
  int status;

  long responseBytes;
  String problemType;

  String clientIp;
  String sourceIp;
  Integer sourcePort;

  String routeId;
  String userName;
  String consumer;
  String authKind;
  String issuer;

  String upstreamName;
  String upstreamUrl;
  String destinationAddress;
  Integer destinationPort;
  Long upstreamNanos;
  int attempts;
}
