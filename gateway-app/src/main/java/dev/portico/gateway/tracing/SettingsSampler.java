package dev.portico.gateway.tracing;

import dev.portico.config.model.TracingSettings;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.function.Supplier;

/**
 * Samples by the current snapshot's {@code sampling-percent}, read per new trace so a reload
 * applies at once. The decision is a function of the trace id (its low 64 bits modulo 100), so
 * every replica that sees the same trace decides the same way. Spans with a local parent follow the
 * parent; a remote (incoming) parent's flag is followed only when {@code trust-incoming-sampling}
 * says so. Thread-safe.
 */
final class SettingsSampler implements Sampler {

  private final Supplier<Supplier<TracingSettings>> settings;

  SettingsSampler(Supplier<Supplier<TracingSettings>> settings) {
    this.settings = settings;
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    SpanContext parent = Span.fromContext(parentContext).getSpanContext();
    TracingSettings current = settings.get().get();
    if (parent.isValid() && (!parent.isRemote() || current.trustIncomingSampling())) {
      return decision(parent.isSampled());
    }
    return decision(sampled(traceId, current.samplingPercent()));
  }

  static boolean sampled(String traceId, int percent) {
    if (percent <= 0) {
      return false;
    }
    if (percent >= 100) {
      return true;
    }
    long random = Long.parseUnsignedLong(traceId, 16, 32, 16);
    return Long.remainderUnsigned(random, 100) < percent;
  }

  private static SamplingResult decision(boolean sampled) {
    return sampled ? SamplingResult.recordAndSample() : SamplingResult.drop();
  }

  @Override
  public String getDescription() {
    return "PorticoSettingsSampler";
  }
}
