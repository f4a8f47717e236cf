package dev.portico.config.internal;

import dev.portico.config.model.CorsPolicy;
import dev.portico.config.model.Durations;
import dev.portico.config.model.Endpoint;
import dev.portico.config.model.HeaderEdits;
import dev.portico.config.model.PorticoConfig;
import dev.portico.config.model.RetryPolicy;
import dev.portico.config.model.Upstream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks that need more than one key at a time: references between sections, uniqueness, and
 * settings that contradict each other. Runs on the bound model even when binding reported errors,
 * so a single load lists every problem; it tolerates the {@code null}s a failed binding leaves.
 */
public final class ConfigValidator {

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
  private static final Set<String> UNEDITABLE_HEADERS =
      Set.of(
          "connection",
          "content-length",
          "transfer-encoding",
          "upgrade",
          "keep-alive",
          "te",
          "trailer");

  private final Diagnostics diagnostics;
  private final RouteChecks routeChecks;

  public ConfigValidator(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
    this.routeChecks = new RouteChecks(diagnostics, this);
  }

  public void validate(PorticoConfig config) {
    if (config.gateway() != null) {
      new GatewayChecks(diagnostics, this).check(config.gateway());
    }
    config.upstreams().forEach((name, upstream) -> checkUpstream(name, upstream));
    UpstreamChecks upstreamChecks = new UpstreamChecks(diagnostics, this);
    config
        .upstreams()
        .forEach(
            (name, upstream) ->
                upstreamChecks.check(
                    YamlPaths.child("upstreams", name), upstream, config.gateway()));
    routeChecks.checkRoutes(
        config.routes(),
        config.upstreams().keySet(),
        config.gateway() == null ? null : config.gateway().pathNormalization());
    new AuthChecks(diagnostics, this).check(config);
    new PolicyChecks(diagnostics, this).check(config);
    new RateLimitChecks(diagnostics, this).check(config);
    // Certificates are checked against the wall clock of the load, as the listener will use them.
    new TlsChecks(diagnostics, java.time.Instant.now()).check(config.gateway(), config.routes());
  }

  private void checkUpstream(String name, Upstream upstream) {
    String path = YamlPaths.child("upstreams", name);
    if (!NAME.matcher(name).matches()) {
      diagnostics.errorAtKey(
          path, "'" + name + "' is not a valid name (letters, digits, . _ -; at most 128)");
    }
    Map<String, Integer> seen = new HashMap<>();
    boolean anyWeight = false;
    List<Endpoint> endpoints = upstream.endpoints();
    for (int i = 0; i < endpoints.size(); i++) {
      Endpoint endpoint = endpoints.get(i);
      if (endpoint == null || endpoint.url() == null) {
        anyWeight = true;
        continue;
      }
      anyWeight |= endpoint.weight() > 0;
      String key = endpoint.url().toString();
      Integer first = seen.putIfAbsent(key, i);
      if (first != null) {
        diagnostics.error(
            YamlPaths.child(YamlPaths.index(YamlPaths.child(path, "endpoints"), i), "url"),
            "duplicate endpoint " + key + " (also endpoints[" + first + "])");
      }
    }
    String endpointsPath = YamlPaths.child(path, "endpoints");
    if (!endpoints.isEmpty() && !anyWeight && !diagnostics.hasErrorsAt(endpointsPath)) {
      diagnostics.error(endpointsPath, "every endpoint has weight 0, so none takes traffic");
    }
  }

  void checkHeaderEdits(String path, HeaderEdits edits) {
    if (edits == null) {
      return;
    }
    Set<String> names = new HashSet<>();
    edits
        .set()
        .keySet()
        .forEach(
            n -> checkEditableHeader(YamlPaths.child(YamlPaths.child(path, "set"), n), n, names));
    edits
        .add()
        .keySet()
        .forEach(
            n -> checkEditableHeader(YamlPaths.child(YamlPaths.child(path, "add"), n), n, names));
    for (int i = 0; i < edits.remove().size(); i++) {
      String name = edits.remove().get(i);
      checkEditableHeader(
          YamlPaths.index(YamlPaths.child(path, "remove"), i), name, new HashSet<>());
      if (edits.set().keySet().stream().anyMatch(name::equalsIgnoreCase)) {
        diagnostics.error(
            YamlPaths.index(YamlPaths.child(path, "remove"), i),
            "'" + name + "' is both set and removed");
      }
    }
  }

  private void checkEditableHeader(String path, String name, Set<String> seen) {
    if (!checkHeaderName(path, name)) {
      return;
    }
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    if (UNEDITABLE_HEADERS.contains(lower)) {
      diagnostics.error(path, "'" + name + "' is a connection-level header Portico manages itself");
    }
    if (!seen.add(lower)) {
      diagnostics.error(path, "'" + name + "' is both set and added; choose one");
    }
  }

  boolean checkHeaderName(String path, String name) {
    if (name != null && !HEADER_NAME.matcher(name).matches()) {
      diagnostics.error(path, "'" + name + "' is not a valid header name");
      return false;
    }
    return true;
  }

  void checkRetries(String path, RetryPolicy retries) {
    if (retries == null) {
      return;
    }
    if (retries.attempts() == 1) {
      diagnostics.error(
          YamlPaths.child(path, "attempts"),
          "1 attempt means no retry; remove the retries block or set attempts to 2 or more");
    }
    List<Integer> statuses = retries.statuses();
    for (int i = 0; i < statuses.size(); i++) {
      if (statuses.get(i) < 100 || statuses.get(i) > 599) {
        diagnostics.error(
            YamlPaths.index(YamlPaths.child(path, "statuses"), i),
            statuses.get(i) + " is not an HTTP status (expected 100..599)");
      }
    }
    if (retries.on().isEmpty() && statuses.isEmpty() && !diagnostics.hasErrorsAt(path)) {
      diagnostics.error(
          path, "retries nothing: list conditions under 'on' or statuses under 'statuses'");
    }
    var backoff = retries.backoff();
    if (backoff != null
        && backoff.first() != null
        && backoff.max() != null
        && backoff.first().compareTo(backoff.max()) > 0) {
      String backoffPath = YamlPaths.child(path, "backoff");
      String first = Durations.format(backoff.first());
      String max = Durations.format(backoff.max());
      if (diagnostics.sourceMap().isWritten(YamlPaths.child(backoffPath, "max"))) {
        diagnostics.error(
            YamlPaths.child(backoffPath, "first"),
            first + " is longer than backoff.max (" + max + ")");
      } else {
        diagnostics.error(
            YamlPaths.child(backoffPath, "first"),
            first + " is longer than backoff.max (" + max + " by default); raise max too");
      }
    }
  }

  void checkCors(String path, CorsPolicy cors) {
    if (cors == null) {
      return;
    }
    List<String> origins = cors.allowedOrigins();
    for (int i = 0; i < origins.size(); i++) {
      String origin = origins.get(i);
      String originPath = YamlPaths.index(YamlPaths.child(path, "allowed-origins"), i);
      if (origin.equals("*") && cors.allowCredentials()) {
        diagnostics.error(
            originPath,
            "'*' cannot be combined with allow-credentials: true (browsers refuse it); list the"
                + " origins");
      } else if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
        diagnostics.error(
            originPath,
            "'"
                + origin
                + "' is not an origin (expected scheme and host, e.g."
                + " https://app.example.com, without path)");
      }
    }
    List<String> methods = cors.allowedMethods();
    for (int i = 0; i < methods.size(); i++) {
      RouteChecks.checkMethod(
          diagnostics,
          YamlPaths.index(YamlPaths.child(path, "allowed-methods"), i),
          methods.get(i));
    }
    positive(YamlPaths.child(path, "max-age"), cors.maxAge());
  }

  void positive(String path, java.time.Duration duration) {
    if (duration != null && (duration.isZero() || duration.isNegative())) {
      diagnostics.error(path, "must be longer than 0");
    }
  }

  /** Reports {@code name} at {@code path} unless it is one of {@code defined}, with a hint. */
  boolean checkReference(String path, String kind, String name, Set<String> defined) {
    if (defined.contains(name)) {
      return true;
    }
    String hint =
        Suggestions.closest(name, defined)
            .map(s -> "; did you mean '" + s + "'?")
            .orElse(
                defined.isEmpty()
                    ? " (no " + kind + "s are defined)"
                    : " (defined: " + String.join(", ", defined) + ")");
    diagnostics.error(path, "unknown " + kind + " '" + name + "'" + hint);
    return false;
  }
}
