package dev.portico.config.internal;

import com.maxmind.db.InvalidDatabaseException;
import dev.portico.config.model.ByteSize;
import dev.portico.config.model.CidrRegionTable;
import dev.portico.config.model.ClientLocality;
import dev.portico.config.model.CorsPolicy;
import dev.portico.config.model.Durations;
import dev.portico.config.model.Endpoint;
import dev.portico.config.model.GatewaySettings;
import dev.portico.config.model.GeoIpDatabase;
import dev.portico.config.model.HeaderEdits;
import dev.portico.config.model.ListenerLimits;
import dev.portico.config.model.PorticoConfig;
import dev.portico.config.model.RegionCoordinates;
import dev.portico.config.model.RetryPolicy;
import dev.portico.config.model.Upstream;
import dev.portico.config.model.UpstreamPool;
import java.io.IOException;
import java.nio.file.Path;
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
      checkGateway(config.gateway());
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

  private void checkGateway(GatewaySettings gateway) {
    if (gateway.listen() != null && gateway.management() != null) {
      checkPorts(gateway.listen().port(), gateway.management().port());
    }
    if (gateway.listen() != null && gateway.listen().limits() != null) {
      checkListenerLimits(gateway.listen().limits());
    }
    if (gateway.requestId() != null) {
      checkHeaderName("gateway.request-id.header", gateway.requestId().header());
    }
    if (gateway.clientLocality() != null) {
      checkClientLocality(gateway);
    }
    new AccessLogChecks(diagnostics).check(gateway.accessLog());
    gateway
        .regionCoordinates()
        .forEach(
            (region, text) -> {
              String problem = RegionCoordinates.problem(text);
              if (problem != null) {
                diagnostics.error(YamlPaths.child("gateway.region-coordinates", region), problem);
              }
            });
    if (gateway.tracing() != null) {
      new TracingChecks(diagnostics).check(gateway.tracing());
    }
    if (gateway.upstreamPool() != null) {
      checkPool(gateway.upstreamPool());
    }
    if (gateway.defaults() != null) {
      positive("gateway.defaults.timeout", gateway.defaults().timeout());
      if (gateway.defaults().maxBodySize() != null
          && gateway.defaults().maxBodySize().bytes() == 0) {
        diagnostics.error("gateway.defaults.max-body-size", "must be greater than 0");
      }
    }
  }

  private static final List<String> CONTINENT_CODES =
      List.of("AF", "AN", "AS", "EU", "NA", "OC", "SA");

  private void checkClientLocality(GatewaySettings gateway) {
    ClientLocality client = gateway.clientLocality();
    String path = "gateway.client-locality";
    if (client.header() == null && client.cidrFile() == null && client.geoipDatabase() == null) {
      diagnostics.errorAtKey(path, "needs header, cidr-file or geoip-database (or several)");
    }
    if (client.geoipDatabase() != null) {
      checkGeoIpDatabase(path, client);
    } else if (!client.continents().isEmpty()) {
      diagnostics.errorAtKey(
          YamlPaths.child(path, "continents"),
          "needs geoip-database: continents map the database's continent codes");
    }
    if (client.cidrFile() != null) {
      try {
        CidrRegionTable.load(Path.of(client.cidrFile()));
      } catch (IOException e) {
        diagnostics.error(
            YamlPaths.child(path, "cidr-file"),
            "cannot read " + client.cidrFile() + " (" + e.getClass().getSimpleName() + ")");
      } catch (IllegalArgumentException e) {
        diagnostics.error(
            YamlPaths.child(path, "cidr-file"), client.cidrFile() + " " + e.getMessage());
      }
    }
    if (client.header() != null) {
      checkHeaderName(YamlPaths.child(path, "header"), client.header());
      if (gateway.trustedProxies().isEmpty()) {
        diagnostics.errorAtKey(
            "gateway.client-locality",
            "needs gateway.trusted-proxies: the header is believed only from them");
      }
    }
  }

  private void checkGeoIpDatabase(String path, ClientLocality client) {
    String key = YamlPaths.child(path, "geoip-database");
    try {
      GeoIpDatabase.check(Path.of(client.geoipDatabase()));
    } catch (InvalidDatabaseException e) {
      diagnostics.error(
          key,
          client.geoipDatabase()
              + " is not a MaxMind DB file (expected a GeoIP2 or GeoLite2 .mmdb database)");
    } catch (IOException e) {
      diagnostics.error(
          key, "cannot read " + client.geoipDatabase() + " (" + e.getClass().getSimpleName() + ")");
    }
    if (client.regions().isEmpty() && client.continents().isEmpty()) {
      diagnostics.errorAtKey(
          key,
          "needs regions or continents: they map the database's country and continent codes to"
              + " region names");
    }
    for (var entry : client.continents().entrySet()) {
      if (!CONTINENT_CODES.contains(entry.getKey())) {
        diagnostics.errorAtKey(
            YamlPaths.child(YamlPaths.child(path, "continents"), entry.getKey()),
            "'" + entry.getKey() + "' is not a continent code; expected one of " + CONTINENT_CODES);
      }
    }
  }

  /** Reported at the port the file wrote, so a clash with a default points at the right line. */
  private void checkPorts(int listen, int management) {
    if (listen == 0 || listen != management) {
      return;
    }
    if (diagnostics.sourceMap().isWritten("gateway.management.port")) {
      diagnostics.error(
          "gateway.management.port",
          "must differ from gateway.listen.port ("
              + listen
              + "): metrics and admin stay off the public listener");
    } else {
      diagnostics.error(
          "gateway.listen.port",
          "must differ from gateway.management.port ("
              + management
              + " by default): metrics and admin stay off the public listener");
    }
  }

  private void checkListenerLimits(ListenerLimits limits) {
    String path = "gateway.listen.limits";
    sizeBetween(YamlPaths.child(path, "max-request-line"), limits.maxRequestLine(), 256, 1 << 20);
    sizeBetween(YamlPaths.child(path, "max-header-size"), limits.maxHeaderSize(), 1024, 1 << 20);
    positive(YamlPaths.child(path, "headers-timeout"), limits.headersTimeout());
    positive(YamlPaths.child(path, "body-read-timeout"), limits.bodyReadTimeout());
    positive(YamlPaths.child(path, "idle-timeout"), limits.idleTimeout());
  }

  private void sizeBetween(String path, ByteSize size, long min, long max) {
    if (size != null && (size.bytes() < min || size.bytes() > max)) {
      diagnostics.error(
          path,
          size
              + " is out of range (expected "
              + ByteSize.ofBytes(min)
              + " to "
              + ByteSize.ofBytes(max)
              + ")");
    }
  }

  private void checkPool(UpstreamPool pool) {
    String path = "gateway.upstream-pool";
    positive(YamlPaths.child(path, "max-idle-time"), pool.maxIdleTime());
    positive(YamlPaths.child(path, "max-life-time"), pool.maxLifeTime());
    positive(YamlPaths.child(path, "pending-acquire-timeout"), pool.pendingAcquireTimeout());
    positive(YamlPaths.child(path, "connect-timeout"), pool.connectTimeout());
    if (pool.maxIdleTime() == null
        || pool.maxLifeTime() == null
        || pool.maxLifeTime().isZero()
        || pool.maxIdleTime().compareTo(pool.maxLifeTime()) <= 0) {
      return;
    }
    String idle = Durations.format(pool.maxIdleTime());
    String life = Durations.format(pool.maxLifeTime());
    if (diagnostics.sourceMap().isWritten(YamlPaths.child(path, "max-idle-time"))) {
      diagnostics.error(
          YamlPaths.child(path, "max-idle-time"),
          idle
              + " is longer than max-life-time ("
              + life
              + "); a connection is retired at max-life-time anyway");
    } else {
      diagnostics.error(
          YamlPaths.child(path, "max-life-time"),
          life
              + " is shorter than max-idle-time ("
              + idle
              + " by default); set max-idle-time below it too");
    }
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
