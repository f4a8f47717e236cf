package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.NonEmpty;
import dev.portico.config.schema.Required;
import java.time.Duration;
import java.util.List;

/** CORS answers for a route, including preflight requests. */
@Doc("Cross-origin resource sharing; Portico answers preflight requests itself.")
public record CorsPolicy(
    @Doc(
            "Origins allowed, e.g. https://app.example.com; https://*.example.com for subdomains;"
                + " * for any (not with allow-credentials).")
        @Required
        @NonEmpty
        List<String> allowedOrigins,
    @Doc("Methods allowed in cross-origin requests.") @Default("[GET, HEAD, POST]")
        List<String> allowedMethods,
    @Doc("Request headers allowed; * for any.") List<String> allowedHeaders,
    @Doc("Response headers the browser may read.") List<String> exposedHeaders,
    @Doc("Whether cookies and authorization may be sent.") @Default("false")
        boolean allowCredentials,
    @Doc("How long browsers may cache a preflight answer.") @Default("30m") Duration maxAge) {

  public CorsPolicy {
    allowedOrigins = Models.list(allowedOrigins);
    allowedMethods = Models.list(allowedMethods);
    allowedHeaders = Models.list(allowedHeaders);
    exposedHeaders = Models.list(exposedHeaders);
  }
}
