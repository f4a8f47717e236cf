package dev.portico.config.internal;

import dev.portico.config.model.TraceExporter;
import dev.portico.config.model.TracingSettings;
import java.util.Locale;

/**
 * The checks of {@code gateway.tracing} that span keys: an exporter that sends needs an endpoint,
 * and an enabled tracer needs a header format and a service name.
 */
final class TracingChecks {

  private static final String PATH = "gateway.tracing";
  private static final int LONGEST_SERVICE_NAME = 128;

  private final Diagnostics diagnostics;

  TracingChecks(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  void check(TracingSettings tracing) {
    checkServiceName(tracing.serviceName());
    if (tracing.propagation().isEmpty()
        && diagnostics.sourceMap().isWritten(YamlPaths.child(PATH, "propagation"))) {
      diagnostics.error(
          YamlPaths.child(PATH, "propagation"),
          "must list at least one of w3c, b3, b3-multi: without one no trace reaches the"
              + " upstreams");
    }
    if (!tracing.enabled()) {
      return;
    }
    TraceExporter exporter = tracing.exporter();
    if (exporter != null
        && exporter != TraceExporter.NONE
        && tracing.endpoint() == null
        && !diagnostics.hasErrorsAt(YamlPaths.child(PATH, "endpoint"))) {
      String example =
          exporter == TraceExporter.ZIPKIN
              ? "http://zipkin:9411/api/v2/spans"
              : "http://collector:4318/v1/traces";
      diagnostics.errorAtKey(
          PATH,
          "exporter "
              + exporter.name().toLowerCase(Locale.ROOT)
              + " needs endpoint (expected e.g. "
              + example
              + "), or set exporter: none");
    }
  }

  private void checkServiceName(String name) {
    if (name == null) {
      return;
    }
    if (name.isBlank() || name.length() > LONGEST_SERVICE_NAME) {
      diagnostics.error(
          YamlPaths.child(PATH, "service-name"),
          "'" + name + "' is not a service name (expected 1-128 characters, e.g. portico-edge)");
    }
  }
}
