package dev.portico.config.internal;

import dev.portico.config.model.BalancerSettings;
import dev.portico.config.model.BalancerType;
import dev.portico.config.model.DnsDiscovery;
import dev.portico.config.model.DnsRecordType;
import dev.portico.config.model.GatewaySettings;
import dev.portico.config.model.HealthCheck;
import dev.portico.config.model.OutlierDetection;
import dev.portico.config.model.StickyCookie;
import dev.portico.config.model.Upstream;
import dev.portico.config.model.UpstreamLocality;
import dev.portico.config.model.UpstreamProtocol;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The traffic part of {@link ConfigValidator} for one upstream: balancer, affinity, locality,
 * health checks and outlier detection.
 */
final class UpstreamChecks {

  /** Hash keys without an argument. */
  static final Set<String> SIMPLE_HASH_KEYS = Set.of("client-ip", "path");

  private static final Pattern STATUS_RANGE = Pattern.compile("(\\d{3})(?:-(\\d{3}))?");
  private static final Pattern NAME_SERVER =
      Pattern.compile(
          "(\\d{1,3}(\\.\\d{1,3}){3}(:\\d{1,5})?)|([0-9A-Fa-f:]+)|(\\[[0-9A-Fa-f:]+\\]:\\d{1,5})");
  private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private final Diagnostics diagnostics;
  private final ConfigValidator shared;

  UpstreamChecks(Diagnostics diagnostics, ConfigValidator shared) {
    this.diagnostics = diagnostics;
    this.shared = shared;
  }

  void check(String path, Upstream upstream, GatewaySettings gateway) {
    checkEndpointSource(path, upstream);
    if (upstream.balancer() != null) {
      checkBalancer(YamlPaths.child(path, "balancer"), upstream.balancer(), upstream);
    }
    if (upstream.stickyCookie() != null) {
      checkSticky(YamlPaths.child(path, "sticky-cookie"), upstream.stickyCookie());
    }
    if (upstream.locality() != null) {
      checkLocality(YamlPaths.child(path, "locality"), upstream.locality(), gateway);
    }
    if (upstream.healthCheck() != null) {
      checkHealth(YamlPaths.child(path, "health-check"), upstream.healthCheck());
    }
    if (upstream.outlierDetection() != null) {
      checkOutliers(YamlPaths.child(path, "outlier-detection"), upstream.outlierDetection());
    }
    if (upstream.mesh() != null) {
      new MeshChecks(diagnostics, shared).check(path, upstream);
    }
    checkProtocol(path, upstream);
  }

  /** h2c is HTTP/2 without TLS: an https endpoint would need h2 over TLS instead. */
  private void checkProtocol(String path, Upstream upstream) {
    if (upstream.protocol() != UpstreamProtocol.H2C) {
      return;
    }
    for (int i = 0; i < upstream.endpoints().size(); i++) {
      URI url = upstream.endpoints().get(i).url();
      if (url != null && "https".equalsIgnoreCase(url.getScheme())) {
        diagnostics.error(
            YamlPaths.child(path, "protocol"),
            "h2c is HTTP/2 without TLS; endpoints[" + i + "] " + url + " is https (use http://)");
        return;
      }
    }
    DnsDiscovery discovery = upstream.discovery();
    if (discovery != null && "https".equals(discovery.scheme())) {
      diagnostics.error(
          YamlPaths.child(path, "protocol"),
          "h2c is HTTP/2 without TLS; discovery.scheme is https (use http)");
    }
  }

  private void checkEndpointSource(String path, Upstream upstream) {
    String endpoints = YamlPaths.child(path, "endpoints");
    if (diagnostics.hasErrorsAt(endpoints)) {
      return;
    }
    DnsDiscovery discovery = upstream.discovery();
    if (upstream.endpoints().isEmpty() && discovery == null) {
      if (!diagnostics.hasErrorsAt(YamlPaths.child(path, "discovery"))) {
        diagnostics.error(
            endpoints,
            diagnostics.sourceMap().isWritten(endpoints)
                ? "must not be empty"
                : "missing (required, unless the endpoints come from discovery)");
      }
      return;
    }
    if (!upstream.endpoints().isEmpty() && discovery != null) {
      diagnostics.error(
          YamlPaths.child(path, "discovery"),
          "an upstream has either endpoints or discovery, not both");
      return;
    }
    if (discovery != null) {
      checkDiscovery(YamlPaths.child(path, "discovery"), discovery);
    }
  }

  private void checkDiscovery(String path, DnsDiscovery dns) {
    if (dns.name() != null
        && (dns.name().isBlank() || dns.name().chars().anyMatch(Character::isWhitespace))) {
      diagnostics.error(YamlPaths.child(path, "name"), "'" + dns.name() + "' is not a DNS name");
    }
    if (dns.type() == DnsRecordType.SRV && dns.port() != null) {
      diagnostics.error(
          YamlPaths.child(path, "port"), "SRV records carry their own ports; leave it out");
    }
    if (dns.type() != null && dns.type() != DnsRecordType.SRV && dns.port() == null) {
      diagnostics.errorAtKey(
          path,
          "needs port for type "
              + dns.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }
    if (dns.scheme() != null && !dns.scheme().equals("http") && !dns.scheme().equals("https")) {
      diagnostics.error(
          YamlPaths.child(path, "scheme"), "'" + dns.scheme() + "' is not http or https");
    }
    shared.positive(YamlPaths.child(path, "min-refresh"), dns.minRefresh());
    shared.positive(YamlPaths.child(path, "max-refresh"), dns.maxRefresh());
    if (dns.minRefresh() != null
        && dns.maxRefresh() != null
        && dns.maxRefresh().compareTo(dns.minRefresh()) < 0) {
      diagnostics.error(
          YamlPaths.child(path, "max-refresh"), "must not be shorter than min-refresh");
    }
    List<String> servers = dns.nameServers();
    for (int i = 0; i < servers.size(); i++) {
      if (servers.get(i) != null && !NAME_SERVER.matcher(servers.get(i)).matches()) {
        diagnostics.error(
            YamlPaths.index(YamlPaths.child(path, "name-servers"), i),
            "'"
                + servers.get(i)
                + "' is not a name server (expected an IP address, optionally with :port)");
      }
    }
  }

  private void checkBalancer(String path, BalancerSettings balancer, Upstream upstream) {
    boolean maglev = balancer.type() == BalancerType.MAGLEV;
    if (maglev && balancer.hashOn() == null) {
      diagnostics.error(
          YamlPaths.child(path, "type"),
          "maglev needs hash-on (e.g. header:X-User-Id, cookie:session, claim:sub, client-ip)");
    }
    if (!maglev && balancer.hashOn() != null) {
      diagnostics.error(YamlPaths.child(path, "hash-on"), "applies only to type: maglev");
    }
    if (balancer.hashOn() != null) {
      String problem = hashKeyProblem(balancer.hashOn());
      if (problem != null) {
        diagnostics.error(YamlPaths.child(path, "hash-on"), problem);
      }
    }
    if (diagnostics.sourceMap().isWritten(YamlPaths.child(path, "table-size"))) {
      if (!maglev) {
        diagnostics.error(YamlPaths.child(path, "table-size"), "applies only to type: maglev");
      } else if (!isPrime(balancer.tableSize())) {
        diagnostics.error(
            YamlPaths.child(path, "table-size"),
            balancer.tableSize() + " is not a prime (e.g. 65537, 131071, 1000003)");
      } else if (balancer.tableSize() < upstream.endpoints().size()) {
        diagnostics.error(
            YamlPaths.child(path, "table-size"),
            "must be at least the number of endpoints (" + upstream.endpoints().size() + ")");
      }
    }
    if (balancer.latencyAware() && balancer.type() != BalancerType.LEAST_REQUEST) {
      diagnostics.error(
          YamlPaths.child(path, "latency-aware"), "applies only to type: least-request");
    }
  }

  /** What is wrong with a hash key, or null. Shared with route splits. */
  static String hashKeyProblem(String key) {
    if (SIMPLE_HASH_KEYS.contains(key)) {
      return null;
    }
    for (String prefix : List.of("header:", "cookie:", "claim:", "query:")) {
      if (key.startsWith(prefix)) {
        return key.length() > prefix.length()
            ? null
            : prefix + " needs a name, e.g. " + prefix + "user";
      }
    }
    String hint =
        Suggestions.closest(key, SIMPLE_HASH_KEYS)
            .map(s -> "; did you mean '" + s + "'?")
            .orElse("");
    return "'"
        + key
        + "' is not a hash key (expected header:<name>, cookie:<name>, claim:<path>, client-ip,"
        + " path or query:<name>)"
        + hint;
  }

  private void checkSticky(String path, StickyCookie sticky) {
    if (sticky.name() != null && !COOKIE_NAME.matcher(sticky.name()).matches()) {
      diagnostics.error(
          YamlPaths.child(path, "name"), "'" + sticky.name() + "' is not a cookie name");
    }
    shared.positive(YamlPaths.child(path, "max-age"), sticky.maxAge());
    if (sticky.secret() != null && sticky.secret().getBytes(StandardCharsets.UTF_8).length < 16) {
      diagnostics.error(YamlPaths.child(path, "secret"), "must be at least 16 bytes");
    }
  }

  private void checkLocality(String path, UpstreamLocality locality, GatewaySettings gateway) {
    if (gateway == null || gateway.locality() == null || gateway.locality().region() == null) {
      diagnostics.errorAtKey(
          path, "needs gateway.locality with at least a region (where this gateway runs)");
      return;
    }
    if (locality.failoverByDistance()) {
      checkDistances(path, locality, gateway);
    }
    Set<String> seen = new HashSet<>();
    List<String> failover = locality.failover();
    for (int i = 0; i < failover.size(); i++) {
      String region = failover.get(i);
      String at = YamlPaths.index(YamlPaths.child(path, "failover"), i);
      if (region == null) {
        continue;
      }
      if (region.equals(gateway.locality().region())) {
        diagnostics.error(at, "'" + region + "' is the gateway's own region, always tried first");
      } else if (!seen.add(region)) {
        diagnostics.error(at, "'" + region + "' is listed twice");
      }
    }
  }

  private void checkDistances(String path, UpstreamLocality locality, GatewaySettings gateway) {
    if (!locality.failover().isEmpty()) {
      diagnostics.error(
          YamlPaths.child(path, "failover-by-distance"),
          "excludes failover: the order comes from the distances");
    }
    if (!gateway.regionCoordinates().containsKey(gateway.locality().region())) {
      diagnostics.error(
          YamlPaths.child(path, "failover-by-distance"),
          "needs gateway.region-coordinates for the gateway's region '"
              + gateway.locality().region()
              + "'");
    }
  }

  private void checkHealth(String path, HealthCheck check) {
    if (check.path() != null && !check.path().startsWith("/")) {
      diagnostics.error(YamlPaths.child(path, "path"), "must start with /");
    }
    shared.positive(YamlPaths.child(path, "interval"), check.interval());
    shared.positive(YamlPaths.child(path, "timeout"), check.timeout());
    if (check.interval() != null
        && check.jitter() != null
        && check.jitter().compareTo(check.interval()) >= 0) {
      diagnostics.error(YamlPaths.child(path, "jitter"), "must be shorter than interval");
    }
    if (check.interval() != null
        && check.timeout() != null
        && check.timeout().compareTo(check.interval()) > 0) {
      diagnostics.error(YamlPaths.child(path, "timeout"), "must not be longer than interval");
    }
    List<String> statuses = check.expectedStatuses();
    if (statuses.isEmpty()) {
      diagnostics.error(YamlPaths.child(path, "expected-statuses"), "must not be empty");
    }
    for (int i = 0; i < statuses.size(); i++) {
      String problem = statusRangeProblem(statuses.get(i));
      if (problem != null) {
        diagnostics.error(YamlPaths.index(YamlPaths.child(path, "expected-statuses"), i), problem);
      }
    }
  }

  static String statusRangeProblem(String range) {
    if (range == null) {
      return null;
    }
    Matcher m = STATUS_RANGE.matcher(range.strip());
    if (!m.matches()) {
      return "'" + range + "' is not a status or range (expected e.g. 200 or 200-399)";
    }
    int from = Integer.parseInt(m.group(1));
    int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
    if (from < 100 || to > 599 || from > to) {
      return "'" + range + "' is not a range of statuses within 100-599";
    }
    return null;
  }

  private void checkOutliers(String path, OutlierDetection outliers) {
    shared.positive(YamlPaths.child(path, "base-ejection-time"), outliers.baseEjectionTime());
    shared.positive(YamlPaths.child(path, "max-ejection-time"), outliers.maxEjectionTime());
    if (outliers.baseEjectionTime() != null
        && outliers.maxEjectionTime() != null
        && outliers.maxEjectionTime().compareTo(outliers.baseEjectionTime()) < 0) {
      diagnostics.error(
          YamlPaths.child(path, "max-ejection-time"),
          "must not be shorter than base-ejection-time");
    }
  }

  static boolean isPrime(int n) {
    if (n < 2) {
      return false;
    }
    for (int d = 2; (long) d * d <= n; d++) {
      if (n % d == 0) {
        return false;
      }
    }
    return true;
  }
}
