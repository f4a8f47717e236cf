package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Range;
import java.net.URI;
import java.util.List;

/** Distributed tracing of requests through the gateway. */
@Doc(
    "Distributed tracing: a server span per request, spans for authentication, the rate-limit"
        + " decision and each upstream attempt, exported to Zipkin or an OTLP collector. Only"
        + " sampling-percent and trust-incoming-sampling apply at reload; the rest needs a"
        + " restart.")
public record TracingSettings(
    @Doc(
            "Turn tracing on. Off, Portico makes no spans and passes trace headers through"
                + " untouched. Needs a restart.")
        @Default("false")
        boolean enabled,
    @Doc(
            "Share of new traces that are recorded and exported, 0-100 (decided on the trace id,"
                + " so every gateway replica agrees). Unsampled requests still get ids and"
                + " propagate them with the sampled flag off. Applies at reload.")
        @Default("10")
        @Range(min = 0, max = 100)
        int samplingPercent,
    @Doc(
            "Follow the sampled flag of an incoming trace context instead of sampling-percent."
                + " Leave off when clients on the internet can send trace headers: they could"
                + " otherwise have every request recorded. Applies at reload.")
        @Default("false")
        boolean trustIncomingSampling,
    @Doc(
            "Trace header formats accepted from clients and written to upstreams: w3c"
                + " (traceparent), b3 (single b3 header), b3-multi (X-B3-* headers, what Istio and"
                + " Envoy propagate). An incoming trace in any listed format is continued. Needs a"
                + " restart.")
        @Default("[w3c, b3-multi]")
        List<TracePropagation> propagation,
    @Doc("Where spans go: zipkin, otlp (OTLP over HTTP) or none. Needs a restart.") @Default("none")
        TraceExporter exporter,
    @Doc(
            "The collector URL spans are POSTed to, required by zipkin and otlp, e.g."
                + " http://zipkin:9411/api/v2/spans or http://collector:4318/v1/traces. Needs a"
                + " restart.")
        URI endpoint,
    @Doc("The service name spans are reported under. Needs a restart.") @Default("portico")
        String serviceName) {

  public TracingSettings {
    propagation = Models.list(propagation);
  }
}
