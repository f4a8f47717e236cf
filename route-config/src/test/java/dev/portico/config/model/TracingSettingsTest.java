package dev.portico.config.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portico.config.ConfigError;
import dev.portico.config.ConfigLoader;
import dev.portico.config.ConfigRejectedException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class TracingSettingsTest {

  private static final String ROUTES =
      """
      upstreams:
        app: { endpoints: [ { url: "http://app:8080" } ] }
      routes:
        - { id: a, match: { path: /a }, upstream: app, public: true }
      """;

  @Test
  void tracingIsOffByDefaultWithTenPercentW3cAndB3MultiAndNoExporter() throws Exception {
    TracingSettings tracing = ConfigLoader.parse("t.yaml", ROUTES).config().gateway().tracing();

    assertThat(tracing.enabled()).isFalse();
    assertThat(tracing.samplingPercent()).isEqualTo(10);
    assertThat(tracing.trustIncomingSampling()).isFalse();
    assertThat(tracing.propagation())
        .containsExactly(TracePropagation.W3C, TracePropagation.B3_MULTI);
    assertThat(tracing.exporter()).isEqualTo(TraceExporter.NONE);
    assertThat(tracing.endpoint()).isNull();
    assertThat(tracing.serviceName()).isEqualTo("portico");
  }

  @Test
  void zipkinExporterWithEndpointIsAccepted() throws Exception {
    TracingSettings tracing =
        parse(
                "enabled: true, exporter: zipkin, endpoint: \"http://zipkin:9411/api/v2/spans\","
                    + " propagation: [b3]")
            .gateway()
            .tracing();

    assertThat(tracing.exporter()).isEqualTo(TraceExporter.ZIPKIN);
    assertThat(tracing.endpoint()).isEqualTo(URI.create("http://zipkin:9411/api/v2/spans"));
    assertThat(tracing.propagation()).containsExactly(TracePropagation.B3);
  }

  @Test
  void anExporterWithoutEndpointIsAcceptedWhileTracingIsDisabled() throws Exception {
    assertThat(parse("enabled: false, exporter: otlp").gateway().tracing().exporter())
        .isEqualTo(TraceExporter.OTLP);
  }

  @Test
  void anEnabledExporterWithoutEndpointIsRejectedAtTheTracingKey() {
    assertThat(errors("enabled: true, exporter: zipkin"))
        .containsExactly(
            "t.yaml:1:12: gateway.tracing: exporter zipkin needs endpoint (expected e.g."
                + " http://zipkin:9411/api/v2/spans), or set exporter: none");
  }

  @Test
  void samplingPercentAboveHundredIsRejected() {
    assertThat(errors("sampling-percent: 101"))
        .containsExactly(
            "t.yaml:1:41: gateway.tracing.sampling-percent: 101 is out of range (expected 0..100)");
  }

  private static PorticoConfig parse(String tracing) throws Exception {
    return ConfigLoader.parse("t.yaml", yaml(tracing)).config();
  }

  private static List<String> errors(String tracing) {
    ConfigRejectedException rejected =
        catchThrowableOfType(
            ConfigRejectedException.class, () -> ConfigLoader.parse("t.yaml", yaml(tracing)));
    assertThat(rejected).isNotNull();
    return rejected.errors().stream().map(ConfigError::format).toList();
  }

  private static String yaml(String tracing) {
    return "gateway: { tracing: { " + tracing + " } }\n" + ROUTES;
  }
}
