package dev.portico.gateway.accesslog;

import dev.portico.config.model.AccessLogAlways;
import dev.portico.config.model.AccessLogSettings;
import dev.portico.config.model.PorticoConfig;
import dev.portico.config.model.Route;
import dev.portico.config.model.RouteAccessLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The access-log settings of one configuration, compiled for the request path: whether and where to
 * log, the sampling of each route, and the query redaction. Immutable.
 */
final class AccessLogPolicy {

  static final AccessLogPolicy DISABLED =
      new AccessLogPolicy(
          false,
          AccessLogTarget.STDOUT,
          0,
          AccessLogAlways.NONE,
          Map.of(),
          new QueryRedactor(List.of()));

  /** A route that logs nothing. */
  private static final int OFF = -1;

  private final boolean enabled;
  private final AccessLogTarget target;
  private final int samplePercent;
  private final AccessLogAlways always;
  private final Map<String, Integer> routePercents;
  private final QueryRedactor redactor;

  private AccessLogPolicy(
      boolean enabled,
      AccessLogTarget target,
      int samplePercent,
      AccessLogAlways always,
      Map<String, Integer> routePercents,
      QueryRedactor redactor) {
    this.enabled = enabled;
    this.target = target;
    this.samplePercent = samplePercent;
    this.always = always;
    this.routePercents = Map.copyOf(routePercents);
    this.redactor = redactor;
  }

  static AccessLogPolicy compile(PorticoConfig config) {
    AccessLogSettings settings = config.gateway().accessLog();
    if (!settings.enabled()) {
      return DISABLED;
    }
    Map<String, Integer> routes = new HashMap<>();
    List<String> redacted = new ArrayList<>(settings.redactQueryParams());
    for (Route route : config.routes()) {
      RouteAccessLog own = route.accessLog();
      if (own != null && !own.enabled()) {
        routes.put(route.id(), OFF);
      } else if (own != null && own.samplePercent() != null) {
        routes.put(route.id(), own.samplePercent());
      }
      if (route.auth() != null
          && route.auth().apiKey() != null
          && route.auth().apiKey().query() != null) {
        redacted.add(route.auth().apiKey().query());
      }
    }
    return new AccessLogPolicy(
        true,
        AccessLogTarget.of(settings),
        settings.samplePercent(),
        settings.alwaysLog(),
        routes,
        new QueryRedactor(redacted));
  }

  boolean enabled() {
    return enabled;
  }

  AccessLogTarget target() {
    return target;
  }

  QueryRedactor redactor() {
    return redactor;
  }

  /**
   * Whether the request gets a line.
   *
   * @param routeId the route that took it, or null when none did
   * @param status the response status, or 0 when the response never completed
   * @param roll a uniformly random number in 0..99
   */
  boolean logs(String routeId, int status, int roll) {
    if (!enabled) {
      return false;
    }
    int percent =
        routeId == null ? samplePercent : routePercents.getOrDefault(routeId, samplePercent);
    if (percent == OFF) {
      return false;
    }
    boolean error = status == 0 ? always != AccessLogAlways.NONE : always.covers(status);
    return error || roll < percent;
  }
}
