package dev.portico.gateway.admin;

import dev.portico.auth.spring.RecentDenials;
import dev.portico.auth.token.IssuerStatus;
import dev.portico.config.model.PorticoConfig;
import dev.portico.gateway.cli.RouteTable;
import dev.portico.gateway.explain.Explainer;
import dev.portico.gateway.explain.Explanation;
import dev.portico.gateway.ratelimit.LimitedKeyLog;
import dev.portico.gateway.snapshot.GatewaySnapshot;
import dev.portico.gateway.snapshot.UpstreamEndpoint;
import dev.portico.gateway.snapshot.UpstreamGroup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/** What the read-only pages show, built from one snapshot. Never contains secrets. */
final class AdminViews {

  private AdminViews() {}

  static List<RouteTable.Row> routes(GatewaySnapshot snapshot) {
    return RouteTable.rows(snapshot.config().routes());
  }

  /** Every upstream by name, with its endpoints. */
  static List<Map<String, Object>> upstreams(GatewaySnapshot snapshot) {
    List<Map<String, Object>> out = new ArrayList<>();
    new java.util.TreeMap<>(snapshot.upstreams())
        .forEach(
            (name, handle) -> {
              UpstreamGroup group = handle.get();
              List<Map<String, Object>> endpoints = new ArrayList<>();
              for (UpstreamEndpoint endpoint : group.endpoints()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("url", endpoint.url().toString());
                e.put("region", endpoint.endpoint().region());
                e.put("zone", endpoint.endpoint().zone());
                e.put("weight", endpoint.weight());
                e.put(
                    "healthy",
                    group.health() == null ? null : group.health().isHealthy(endpoint.toString()));
                var outliers = group.outliers();
                var status = outliers == null ? null : outliers.status(endpoint);
                e.put("ejected", status != null && status.ejected());
                e.put("ejections", status == null ? 0 : status.ejectionCount());
                var load = group.load(endpoint);
                e.put("in_flight", load.inFlight());
                endpoints.add(e);
              }
              Map<String, Object> u = new LinkedHashMap<>();
              u.put("name", name);
              u.put("active_health_checks", group.health() != null);
              u.put("endpoints", endpoints);
              out.add(u);
            });
    return out;
  }

  static Map<String, Object> security(
      GatewaySnapshot snapshot, GuardFigures guards, RecentDenials recent) {
    PorticoConfig config = snapshot.config();
    List<Map<String, Object>> issuers = new ArrayList<>();
    config
        .issuers()
        .forEach(
            (name, issuer) -> {
              IssuerStatus status = snapshot.auth().context().issuers().status(name);
              Map<String, Object> i = new LinkedHashMap<>();
              i.put("name", name);
              i.put("issuer", issuer.issuer() == null ? null : issuer.issuer().toString());
              i.put("login", issuer.login() != null);
              i.put("last_key_fetch", status == null ? null : status.lastKeyFetch());
              i.put("key_ids", status == null ? List.of() : status.keyIds());
              i.put("stale", status != null && status.stale());
              i.put("last_error", status == null ? null : status.lastError());
              issuers.add(i);
            });
    List<Map<String, Object>> policies = new ArrayList<>();
    config
        .policies()
        .forEach(
            (name, policy) ->
                policies.add(
                    Map.of(
                        "name", name,
                        "allow_rules", policy.allow().size(),
                        "deny_rules", policy.deny().size())));
    return Map.of(
        "issuers",
        issuers,
        "policies",
        policies,
        "consumers",
        config.consumers().keySet(),
        "denials",
        guards.denials(),
        "recent_denials",
        recent.newestFirst().stream().map(AdminViews::denial).toList());
  }

  private static Map<String, Object> denial(RecentDenials.Denial denial) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("at", denial.at().toString());
    d.put("route", denial.route());
    d.put("outcome", denial.outcome());
    d.put("subject", denial.subject());
    d.put("policy", denial.policy());
    d.put("rule", denial.rule());
    d.put("reason", denial.reason());
    d.put("method", denial.method());
    d.put("path", denial.path());
    d.put("request_id", denial.requestId());
    return d;
  }

  /** How many of the most limited keys the Rate limits page lists. */
  static final int LIMITED_KEYS_SHOWN = 20;

  static Map<String, Object> rateLimits(
      GatewaySnapshot snapshot, GuardFigures guards, LimitedKeyLog limitedKeys) {
    PorticoConfig config = snapshot.config();
    var settings = config.gateway().rateLimiting();
    List<Map<String, Object>> policies = new ArrayList<>();
    config
        .rateLimits()
        .forEach(
            (name, policy) -> {
              Map<String, Object> p = new LinkedHashMap<>();
              p.put("name", name);
              p.put("limits", policy.limits().stream().map(Object::toString).toList());
              p.put("burst", policy.burst());
              p.put("key", policy.key());
              p.put(
                  "store",
                  String.valueOf(policy.store() == null ? settings.store() : policy.store()));
              p.put(
                  "on_store_failure",
                  String.valueOf(
                      policy.onStoreFailure() == null
                          ? settings.onStoreFailure()
                          : policy.onStoreFailure()));
              policies.add(p);
            });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("store", String.valueOf(settings.store()));
    out.put("on_store_failure", String.valueOf(settings.onStoreFailure()));
    out.put("redis_configured", settings.redis() != null);
    out.put("policies", policies);
    out.put("store_status", guards.rateLimits());
    out.put("most_limited_keys", limitedKeys.top(LIMITED_KEYS_SHOWN));
    out.put("limited_keys_window_seconds", LimitedKeyLog.WINDOW.toSeconds());
    out.put("limited_keys_dropped", limitedKeys.dropped());
    return out;
  }

  /**
   * Simulates a request: the explanation (with the endpoint preview) plus the route's rate-limit
   * policies and their keys.
   *
   * @param clientIp the client's address, or null
   * @param callerRegion the caller's region for locality, or null to find it as the gateway does
   */
  static Mono<Map<String, Object>> simulate(
      GatewaySnapshot snapshot,
      String method,
      String path,
      Map<String, List<String>> headers,
      String clientIp,
      String callerRegion,
      Instant now) {
    return Explainer.explain(
            snapshot, method, path, headers, clientIp == null ? "" : clientIp, callerRegion, now)
        .map(
            explanation -> {
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("explanation", explanation);
              out.put("rate_limits", rateLimitsOf(snapshot, explanation));
              return out;
            });
  }

  private static List<Map<String, Object>> rateLimitsOf(
      GatewaySnapshot snapshot, Explanation explanation) {
    if (explanation.route() == null) {
      return List.of();
    }
    PorticoConfig config = snapshot.config();
    List<Map<String, Object>> out = new ArrayList<>();
    config.routes().stream()
        .filter(r -> r.id().equals(explanation.route()))
        .findFirst()
        .ifPresent(
            route ->
                route
                    .rateLimits()
                    .forEach(
                        name -> {
                          var policy = config.rateLimits().get(name);
                          out.add(
                              Map.of(
                                  "policy",
                                  name,
                                  "key",
                                  policy == null ? List.of() : policy.key()));
                        }));
    return out;
  }
}
