package dev.portico.gateway.tracing;

import dev.portico.config.model.TraceExporter;
import dev.portico.config.model.TracePropagation;
import dev.portico.config.model.TracingSettings;
import dev.portico.gateway.snapshot.UpstreamEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * The gateway's tracer: Micrometer's Tracer API on an OpenTelemetry SDK built once at start-up from
 * {@code gateway.tracing} (enabled, propagation, exporter, endpoint and service name need a
 * restart; sampling follows the current snapshot). Finished sampled spans are batched and exported
 * from the SDK's own worker thread; a collector that is down or slow costs dropped spans, never
 * request latency. When tracing is disabled every method is a cheap no-op. Thread-safe.
 */
public final class PorticoTracing implements AutoCloseable {

  /** Every trace header Portico knows; stripped from requests to upstreams before injecting. */
  private static final List<String> KNOWN_HEADERS =
      List.of(
          "traceparent",
          "tracestate",
          "b3",
          "X-B3-TraceId",
          "X-B3-SpanId",
          "X-B3-ParentSpanId",
          "X-B3-Sampled",
          "X-B3-Flags");

  private final Tracer tracer;
  private final Propagator propagator;
  private final SdkTracerProvider provider;
  private final AtomicReference<Supplier<TracingSettings>> settings;

  private PorticoTracing(
      Tracer tracer,
      Propagator propagator,
      SdkTracerProvider provider,
      AtomicReference<Supplier<TracingSettings>> settings) {
    this.tracer = tracer;
    this.propagator = propagator;
    this.provider = provider;
    this.settings = settings;
  }

  /** Tracing that does nothing (disabled, or a one-shot CLI command). */
  public static PorticoTracing off() {
    return new PorticoTracing(null, null, null, null);
  }

  /**
   * Builds the tracer from the start-up settings, or {@link #off()} when they disable tracing.
   *
   * @param meters where export outcomes are counted
   */
  public static PorticoTracing start(TracingSettings initial, MeterRegistry meters) {
    if (!initial.enabled()) {
      return off();
    }
    AtomicReference<Supplier<TracingSettings>> settings = new AtomicReference<>(() -> initial);
    SdkTracerProviderBuilder builder =
        SdkTracerProvider.builder()
            .setSampler(new SettingsSampler(settings::get))
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(
                                AttributeKey.stringKey("service.name"), initial.serviceName()))));
    if (initial.exporter() != TraceExporter.NONE) {
      builder.addSpanProcessor(
          BatchSpanProcessor.builder(
                  new CountingSpanExporter(
                      Exporters.create(initial), Exporters.name(initial.exporter()), meters))
              .build());
    }
    SdkTracerProvider provider = builder.build();
    io.opentelemetry.api.trace.Tracer otel = provider.get("dev.portico.gateway");
    Tracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> {});
    ContextPropagators propagators =
        ContextPropagators.create(TextMapPropagator.composite(propagators(initial)));
    return new PorticoTracing(tracer, new OtelPropagator(propagators, otel), provider, settings);
  }

  private static List<TextMapPropagator> propagators(TracingSettings settings) {
    Set<TracePropagation> formats = new LinkedHashSet<>(settings.propagation());
    List<TextMapPropagator> list = new ArrayList<>();
    // Extraction runs in this order and a later format wins: W3C, when sent, decides.
    if (formats.contains(TracePropagation.B3)) {
      list.add(B3Propagator.injectingSingleHeader());
    }
    if (formats.contains(TracePropagation.B3_MULTI)) {
      list.add(B3Propagator.injectingMultiHeaders());
    }
    if (formats.contains(TracePropagation.W3C)) {
      list.add(W3CTraceContextPropagator.getInstance());
    }
    return list;
  }

  /** Whether spans are made at all. */
  public boolean enabled() {
    return tracer != null;
  }

  /** From now on, sampling reads the settings this supplier returns (the current snapshot's). */
  public void followSettings(Supplier<TracingSettings> current) {
    if (settings != null) {
      settings.set(current);
    }
  }

  /**
   * Starts the server span of a request, continuing the caller's trace when its headers carry one.
   */
  Span startServerSpan(HttpHeaders headers) {
    return propagator
        .extract(headers, (carrier, key) -> carrier.getFirst(key))
        .kind(Span.Kind.SERVER)
        .name("unmatched")
        .start();
  }

  /** Starts a span inside the gateway's handling of a request. */
  Span startChild(Span parent, String name) {
    return tracer.spanBuilder().setParent(parent.context()).name(name).start();
  }

  /** Starts the client span of one call to an upstream. */
  Span startClient(Span parent, String name) {
    return tracer
        .spanBuilder()
        .setParent(parent.context())
        .kind(Span.Kind.CLIENT)
        .name(name)
        .start();
  }

  /** Replaces whatever trace headers the request carries with the context of {@code span}. */
  void inject(TraceContext context, HttpHeaders headers) {
    KNOWN_HEADERS.forEach(headers::remove);
    propagator.inject(context, headers, (carrier, key, value) -> carrier.set(key, value));
  }

  /**
   * Wraps a route filter in a span named {@code name} that lasts until the filter passes the
   * request on (or answers it); the unwrapped filter when tracing is off.
   *
   * @param outcomeTag the tag that says whether the filter passed the request on
   * @param passed its value when it did
   */
  public GatewayFilter step(String name, GatewayFilter filter, String outcomeTag, String passed) {
    return enabled() ? new StepSpanFilter(this, name, filter, outcomeTag, passed) : filter;
  }

  /**
   * The per-attempt client span filter of a route, or null when tracing is off.
   *
   * @param upstreamName the name of the request's upstream
   * @param endpoint the endpoint chosen for the current attempt
   */
  public GatewayFilter upstreamSpans(
      Function<ServerWebExchange, String> upstreamName,
      Function<ServerWebExchange, UpstreamEndpoint> endpoint) {
    return enabled() ? new UpstreamSpanFilter(this, upstreamName, endpoint) : null;
  }

  /** Exports what is queued (waiting up to 5 s) and stops the exporter. */
  @Override
  public void close() {
    if (provider != null) {
      provider.shutdown().join(5, TimeUnit.SECONDS);
    }
  }
}
