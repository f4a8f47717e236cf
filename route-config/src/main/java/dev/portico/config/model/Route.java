package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Key;
import dev.portico.config.schema.Range;
import dev.portico.config.schema.Required;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One route: which requests it takes and what happens to them. */
@Doc("A route: which requests it takes, how they are changed, and where they go.")
public record Route(
    @Doc("Unique id; appears in metrics, logs and the admin console.") @Required String id,
    @Doc("Which requests this route takes.") @Required RouteMatch match,
    @Doc(
            "Name of the upstream (under `upstreams`) that receives the requests. Required unless"
                + " the route has a split.")
        String upstream,
    @Doc("Splits the requests over several upstreams by weight (canary); excludes upstream.")
        TrafficSplitSettings split,
    @Doc("Who may call the route: bearer tokens, API keys, browser login. No auth when left out.")
        RouteAuth auth,
    @Doc(
            "Who may do what on the route once authenticated: named policies and inline allow/deny"
                + " rules (roles, scopes, consumers, CEL conditions). A deny always wins.")
        RouteAuthorization authorization,
    @Doc(
            "Anyone may call the route without credentials. Required for a route without auth or"
                + " authorization while gateway.default-policy is deny.")
        @Default("false")
        @Key("public")
        boolean publicRoute,
    @Doc(
            "Names of rate-limit policies (under `rate-limits`) that apply to the route, checked"
                + " after authentication and authorization.")
        List<String> rateLimits,
    @Doc("Number of leading path segments removed before forwarding.")
        @Default("0")
        @Range(min = 0, max = 64)
        int stripPrefix,
    @Doc("Rewrites the forwarded path with a regular expression. Excludes strip-prefix.")
        RewritePath rewritePath,
    @Doc("Headers set, added or removed on the request to the upstream.") @Default("{}")
        HeaderEdits requestHeaders,
    @Doc("Headers set, added or removed on the response to the client.") @Default("{}")
        HeaderEdits responseHeaders,
    @Doc(
            "Time allowed for the upstream to send response headers, per attempt;"
                + " gateway.defaults.timeout when left out. Exceeding it gives 504.")
        Duration timeout,
    @Doc("Retries of failed attempts on other endpoints.") RetryPolicy retries,
    @Doc("Largest request body accepted; gateway.defaults.max-body-size when left out.")
        ByteSize maxBodySize,
    @Doc("Cross-origin resource sharing for browsers calling this route.") CorsPolicy cors,
    @Doc(
            "The route's access logging: enabled: false turns it off, sample-percent overrides"
                + " the gateway's.")
        RouteAccessLog accessLog,
    @Doc("Free-form labels for the operator; shown in the console and readable by policies.")
        Map<String, String> metadata,
    @Doc(
            "Requires a verified TLS client certificate, optionally from given SPIFFE IDs, trust"
                + " domains or subjects (401 without one, 403 when not accepted).")
        ClientCertificateRequirement clientCertificate) {

  public Route {
    rateLimits = Models.list(rateLimits);
    metadata = Models.map(metadata);
  }

  /**
   * Where requests go, for tables and explanations: the upstream, or e.g. {@code split(a 90, b
   * 10)}.
   */
  public String destination() {
    if (split == null) {
      return upstream;
    }
    StringBuilder out = new StringBuilder("split(");
    split
        .upstreams()
        .forEach((name, weight) -> out.append(name).append(' ').append(weight).append(", "));
    out.setLength(Math.max("split(".length(), out.length() - 2));
    return out.append(')').toString();
  }
}
