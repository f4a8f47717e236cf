package dev.portico.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.portico.config.model.TraceExporter;
import dev.portico.config.model.TracePropagation;
import dev.portico.config.model.TracingSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class PorticoTracingTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER = "00f067aa0ba902b7";

  /** What a stand-in collector received: "content-type path body". */
  private final List<String> received = new CopyOnWriteArrayList<>();

  private HttpServer collector;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeEach
  void startCollector() throws IOException {
    collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext(
        "/",
        exchange -> {
          byte[] bytes = exchange.getRequestBody().readAllBytes();
          if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            bytes = new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes();
          }
          String body = new String(bytes, StandardCharsets.ISO_8859_1);
          received.add(
              exchange.getRequestHeaders().getFirst("Content-Type")
                  + " "
                  + exchange.getRequestURI().getPath()
                  + " "
                  + body);
          exchange.sendResponseHeaders(202, -1);
          exchange.close();
        });
    collector.start();
  }

  @AfterEach
  void stopCollector() {
    collector.stop(0);
  }

  @Test
  void disabledTracingDoesNothing() {
    PorticoTracing tracing =
        PorticoTracing.start(
            new TracingSettings(false, 100, false, List.of(), TraceExporter.NONE, null, "p"),
            meters);
    assertThat(tracing.enabled()).isFalse();
    assertThat(tracing.upstreamSpans(exchange -> "app", exchange -> null)).isNull();
  }

  @Test
  void anIncomingW3cContextIsContinuedAndReplacedByTheGatewaysOwnInEveryFormat() {
    try (PorticoTracing tracing =
        PorticoTracing.start(
            settings(TraceExporter.NONE, null, TracePropagation.values()), meters)) {
      HttpHeaders incoming = new HttpHeaders();
      incoming.set("traceparent", "00-" + TRACE + "-" + CALLER + "-01");
      incoming.set("X-B3-ParentSpanId", "1111111111111111");
      Span server = tracing.startServerSpan(incoming);

      assertThat(server.context().traceId()).isEqualTo(TRACE);
      assertThat(server.context().parentId()).isEqualTo(CALLER);
      Span client = tracing.startClient(server, "app");
      tracing.inject(client.context(), incoming);

      String spanId = client.context().spanId();
      assertThat(incoming.getFirst("traceparent")).isEqualTo("00-" + TRACE + "-" + spanId + "-01");
      assertThat(incoming.getFirst("b3")).isEqualTo(TRACE + "-" + spanId + "-1");
      assertThat(incoming.getFirst("X-B3-TraceId")).isEqualTo(TRACE);
      assertThat(incoming.getFirst("X-B3-SpanId")).isEqualTo(spanId);
      assertThat(incoming.getFirst("X-B3-ParentSpanId")).isNull();
    }
  }

  @Test
  void traceHeadersOfFormatsNotConfiguredAreRemovedNotForwardedStale() {
    try (PorticoTracing tracing =
        PorticoTracing.start(settings(TraceExporter.NONE, null, TracePropagation.W3C), meters)) {
      HttpHeaders headers = new HttpHeaders();
      headers.set("b3", TRACE + "-" + CALLER + "-1");
      Span server = tracing.startServerSpan(headers);
      assertThat(server.context().traceId()).isNotEqualTo(TRACE); // b3 is not accepted
      tracing.inject(server.context(), headers);
      assertThat(headers.getFirst("b3")).isNull();
      assertThat(headers.getFirst("traceparent")).contains(server.context().traceId());
    }
  }

  @Test
  void zipkinExportPostsV2JsonToTheEndpoint() {
    URI endpoint = URI.create(collectorUrl() + "/api/v2/spans");
    try (PorticoTracing tracing =
        PorticoTracing.start(
            settings(TraceExporter.ZIPKIN, endpoint, TracePropagation.W3C), meters)) {
      Span span = tracing.startServerSpan(new HttpHeaders());
      span.name("orders").end();
    } // close() flushes
    assertThat(received).hasSize(1);
    assertThat(received.get(0))
        .startsWith("application/json /api/v2/spans [")
        .contains("\"name\":\"orders\"", "\"kind\":\"SERVER\"", "\"serviceName\":\"edge\"");
    assertThat(exported("zipkin", "success")).isEqualTo(1);
  }

  @Test
  void otlpExportPostsProtobufToTheEndpoint() {
    URI endpoint = URI.create(collectorUrl() + "/v1/traces");
    try (PorticoTracing tracing =
        PorticoTracing.start(
            settings(TraceExporter.OTLP, endpoint, TracePropagation.W3C), meters)) {
      tracing.startServerSpan(new HttpHeaders()).name("orders").end();
    }
    assertThat(received).hasSize(1);
    assertThat(received.get(0))
        .startsWith("application/x-protobuf /v1/traces ")
        .contains("orders", "edge");
    assertThat(exported("otlp", "success")).isEqualTo(1);
  }

  @Test
  void aCollectorThatCannotBeReachedCountsTheSpansAsFailed() {
    URI endpoint = URI.create(collectorUrl() + "/api/v2/spans");
    collector.stop(0);
    try (PorticoTracing tracing =
        PorticoTracing.start(
            settings(TraceExporter.ZIPKIN, endpoint, TracePropagation.W3C), meters)) {
      tracing.startServerSpan(new HttpHeaders()).end();
      tracing.startServerSpan(new HttpHeaders()).end();
    }
    assertThat(exported("zipkin", "failure")).isEqualTo(2);
  }

  private double exported(String exporter, String outcome) {
    var counter =
        meters
            .find("portico.tracing.spans.exported")
            .tags("exporter", exporter, "outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private String collectorUrl() {
    return "http://127.0.0.1:" + collector.getAddress().getPort();
  }

  private static TracingSettings settings(
      TraceExporter exporter, URI endpoint, TracePropagation... formats) {
    return new TracingSettings(true, 100, false, List.of(formats), exporter, endpoint, "edge");
  }
}
