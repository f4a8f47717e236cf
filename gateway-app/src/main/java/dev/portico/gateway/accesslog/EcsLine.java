package dev.portico.gateway.accesslog;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Formats an {@link AccessEvent} as one line of JSON with Elastic Common Schema field names, as
 * nested objects ({@code {"http":{"request":{"method":"GET"}}}}), which Elasticsearch maps exactly
 * like the dotted names. Fields ECS has no name for live under {@code portico.*}. The field list is
 * documented in docs/access-logs.md. Stateless and thread-safe.
 */
final class EcsLine {

  /** The ECS version whose field names the lines use. */
  static final String ECS_VERSION = "8.11.0";

  private EcsLine() {}

  static String format(AccessEvent e) {
    JsonLineWriter json = new JsonLineWriter();
    json.field(
        "@timestamp",
        DateTimeFormatter.ISO_INSTANT.format(e.timestamp.truncatedTo(ChronoUnit.MILLIS)));
    json.begin("ecs").field("version", ECS_VERSION).end();
    json.begin("event")
        .field("kind", "event")
        .singletonArray("category", "web")
        .singletonArray("type", "access")
        .field("dataset", "portico.access")
        .field("outcome", e.outcome.ecs())
        .field("duration", e.durationNanos)
        .end();
    if (e.traceId != null) {
      json.begin("trace").field("id", e.traceId).end();
    }
    if (e.spanId != null) {
      json.begin("span").field("id", e.spanId).end();
    }
    http(json, e);
    json.begin("url").field("path", e.path).field("query", e.query).end();
    network(json, e);
    if (e.userAgent != null) {
      json.begin("user_agent").field("original", e.userAgent).end();
    }
    if (e.userName != null) {
      json.begin("user").field("name", e.userName).end();
    }
    portico(json, e);
    return json.finish();
  }

  private static void http(JsonLineWriter json, AccessEvent e) {
    json.begin("http").field("version", e.httpVersion);
    json.begin("request")
        .field("id", e.requestId)
        .field("method", e.method)
        .begin("body")
        .field("bytes", e.requestBytes)
        .end()
        .end();
    json.begin("response");
    if (e.status > 0) {
      json.field("status_code", e.status);
    }
    json.begin("body").field("bytes", e.responseBytes).end().end();
    json.end();
  }

  private static void network(JsonLineWriter json, AccessEvent e) {
    if (e.clientIp != null) {
      json.begin("client").field("ip", e.clientIp).field("address", e.clientIp).end();
    }
    if (e.sourceIp != null) {
      json.begin("source").field("ip", e.sourceIp);
      if (e.sourcePort != null) {
        json.field("port", e.sourcePort.longValue());
      }
      json.end();
    }
    if (e.destinationAddress != null) {
      json.begin("destination").field("address", e.destinationAddress);
      if (e.destinationPort != null) {
        json.field("port", e.destinationPort.longValue());
      }
      json.end();
    }
  }

  private static void portico(JsonLineWriter json, AccessEvent e) {
    boolean any =
        e.routeId != null
            || e.authKind != null
            || e.upstreamName != null
            || e.upstreamUrl != null
            || e.problemType != null;
    if (!any) {
      return;
    }
    json.begin("portico");
    if (e.routeId != null) {
      json.begin("route").field("id", e.routeId).end();
    }
    if (e.authKind != null) {
      json.begin("auth")
          .field("kind", e.authKind)
          .field("issuer", e.issuer)
          .field("consumer", e.consumer)
          .end();
    }
    if (e.upstreamName != null || e.upstreamUrl != null) {
      json.begin("upstream").field("name", e.upstreamName).field("url", e.upstreamUrl);
      json.field("duration", e.upstreamNanos);
      if (e.attempts > 0) {
        json.field("attempts", e.attempts);
      }
      json.end();
    }
    if (e.problemType != null) {
      json.begin("problem").field("type", e.problemType).end();
    }
    json.end();
  }
}
