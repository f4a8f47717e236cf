package dev.portico.gateway.tracing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * Counts the spans each export delivered or lost ({@code portico.tracing.spans.exported} with
 * {@code outcome=success|failure}), so a collector outage shows in the gateway's metrics. Runs on
 * the batch processor's worker thread, never on an event loop.
 */
final class CountingSpanExporter implements SpanExporter {

  private final SpanExporter delegate;
  private final Counter success;
  private final Counter failure;

  CountingSpanExporter(SpanExporter delegate, String exporter, MeterRegistry meters) {
    this.delegate = delegate;
    this.success = counter(meters, exporter, "success");
    this.failure = counter(meters, exporter, "failure");
  }

  private static Counter counter(MeterRegistry meters, String exporter, String outcome) {
    return Counter.builder("portico.tracing.spans.exported")
        .description("Spans handed to the trace collector, by whether the export succeeded")
        .tag("exporter", exporter)
        .tag("outcome", outcome)
        .register(meters);
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int count = spans.size();
    CompletableResultCode result = delegate.export(spans);
    result.whenComplete(() -> (result.isSuccess() ? success : failure).increment(count));
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }
}
