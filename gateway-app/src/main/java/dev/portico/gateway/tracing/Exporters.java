package dev.portico.gateway.tracing;

import dev.portico.config.model.TraceExporter;
import dev.portico.config.model.TracingSettings;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Locale;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * Builds the span exporter that {@code gateway.tracing.exporter} names. Both send over HTTP from
 * the batch processor's worker thread, with short timeouts so a dead collector does not hold the
 * queue for long.
 */
final class Exporters {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private Exporters() {}

  static SpanExporter create(TracingSettings settings) {
    String endpoint = settings.endpoint().toString();
    return switch (settings.exporter()) {
      case ZIPKIN ->
          ZipkinSpanExporter.builder()
              .setSender(
                  URLConnectionSender.newBuilder()
                      .endpoint(endpoint)
                      .connectTimeout((int) CONNECT_TIMEOUT.toMillis())
                      .readTimeout((int) TIMEOUT.toMillis())
                      .build())
              .build();
      case OTLP ->
          OtlpHttpSpanExporter.builder()
              .setEndpoint(endpoint)
              .setConnectTimeout(CONNECT_TIMEOUT)
              .setTimeout(TIMEOUT)
              .build();
      case NONE -> throw new IllegalArgumentException("exporter none sends nothing");
    };
  }

  static String name(TraceExporter exporter) {
    return exporter.name().toLowerCase(Locale.ROOT);
  }
}
