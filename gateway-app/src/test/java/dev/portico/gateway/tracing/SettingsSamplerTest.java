package dev.portico.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.model.TraceExporter;
import dev.portico.config.model.TracingSettings;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SettingsSamplerTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  private final AtomicReference<TracingSettings> settings =
      new AtomicReference<>(settings(10, false));
  private final Supplier<TracingSettings> current = settings::get;
  private final SettingsSampler sampler = new SettingsSampler(() -> current);

  @Test
  void zeroPercentSamplesNoTraceAndHundredEveryTrace() {
    settings.set(settings(0, false));
    assertThat(sampledShare()).isZero();
    settings.set(settings(100, false));
    assertThat(sampledShare()).isEqualTo(1000);
  }

  @Test
  void percentSamplesAboutThatShareOfTraceIdsAndReadsTheCurrentSettings() {
    settings.set(settings(25, false));
    assertThat(sampledShare()).isBetween(200, 300);
    settings.set(settings(50, false));
    assertThat(sampledShare()).isBetween(450, 550);
  }

  @Test
  void theDecisionIsAFunctionOfTheTraceId() {
    settings.set(settings(50, false));
    boolean first = sample(Context.root(), TRACE);
    assertThat(IntStream.range(0, 20).mapToObj(i -> sample(Context.root(), TRACE)))
        .containsOnly(first);
  }

  @Test
  void aRemoteParentsSampledFlagIsIgnoredUnlessTrusted() {
    Context sampledCaller = remoteParent(true);
    settings.set(settings(0, false));
    assertThat(sample(sampledCaller, TRACE)).isFalse();
    settings.set(settings(0, true));
    assertThat(sample(sampledCaller, TRACE)).isTrue();
    settings.set(settings(100, true));
    assertThat(sample(remoteParent(false), TRACE)).isFalse();
  }

  @Test
  void aLocalParentsDecisionIsAlwaysFollowed() {
    settings.set(settings(0, false));
    SpanContext parent =
        SpanContext.create(
            TRACE, "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());
    assertThat(sample(Context.root().with(Span.wrap(parent)), TRACE)).isTrue();
  }

  private int sampledShare() {
    return (int)
        IntStream.range(0, 1000)
            .filter(
                i -> sample(Context.root(), String.format("%016x%016x", i * 7919L, i * 104729L)))
            .count();
  }

  private boolean sample(Context parent, String traceId) {
    return sampler
            .shouldSample(parent, traceId, "span", SpanKind.SERVER, Attributes.empty(), List.of())
            .getDecision()
        == SamplingDecision.RECORD_AND_SAMPLE;
  }

  private static Context remoteParent(boolean sampled) {
    SpanContext caller =
        SpanContext.createFromRemoteParent(
            TRACE,
            "00f067aa0ba902b7",
            sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(),
            TraceState.getDefault());
    return Context.root().with(Span.wrap(caller));
  }

  static TracingSettings settings(int percent, boolean trustIncoming) {
    return new TracingSettings(
        true, percent, trustIncoming, List.of(), TraceExporter.NONE, null, "portico");
  }
}
