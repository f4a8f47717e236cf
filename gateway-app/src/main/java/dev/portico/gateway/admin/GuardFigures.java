package dev.portico.gateway.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refusals and rate-limit store state for the Security and Rate limits pages, read from the meters
 * the authentication, authorization and rate-limit filters keep (counts since start, by route; the
 * individual requests are in the decision log, not here). Thread-safe (reads the registry only).
 */
final class GuardFigures {

  private final MeterRegistry registry;

  GuardFigures(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Authorization denials and failed authentications per route, most first. */
  List<Map<String, Object>> denials() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Counter c : registry.find("portico.authz.decisions").tag("outcome", "deny").counters()) {
      out.add(row(c, "authorization", "deny"));
    }
    for (Counter c : registry.find("portico.auth").counters()) {
      String outcome = c.getId().getTag("outcome");
      if (!"success".equals(outcome) && !"anonymous".equals(outcome)) {
        out.add(row(c, "authentication", outcome));
      }
    }
    return mostFirst(out);
  }

  /** Whether the shared store answers, its fallbacks and outages, and the most limited routes. */
  Map<String, Object> rateLimits() {
    Map<String, Object> out = new LinkedHashMap<>();
    Gauge up = registry.find("portico.ratelimit.store.up").gauge();
    out.put("shared_store_up", up == null ? null : up.value() >= 1);
    Map<String, Long> fallbacks = new LinkedHashMap<>();
    for (Meter m : registry.find("portico.ratelimit.store.fallbacks").meters()) {
      fallbacks.put(m.getId().getTag("mode"), count(m));
    }
    out.put("fallbacks", fallbacks);
    Meter outages = registry.find("portico.ratelimit.store.outages").meter();
    out.put("outages", outages == null ? 0 : count(outages));
    Gauge localKeys = registry.find("portico.ratelimit.local.keys").gauge();
    out.put("local_keys", localKeys == null ? 0 : (long) localKeys.value());
    List<Map<String, Object>> limited = new ArrayList<>();
    for (Counter c :
        registry.find("portico.ratelimit.decisions").tag("outcome", "limited").counters()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("route", c.getId().getTag("route"));
      row.put("policy", c.getId().getTag("policy"));
      row.put("count", (long) c.count());
      limited.add(row);
    }
    out.put("most_limited", mostFirst(limited));
    return out;
  }

  private static Map<String, Object> row(Counter c, String step, String outcome) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("route", c.getId().getTag("route"));
    row.put("step", step);
    row.put("outcome", outcome);
    row.put("count", (long) c.count());
    return row;
  }

  private static long count(Meter meter) {
    for (var measurement : meter.measure()) {
      return (long) measurement.getValue();
    }
    return 0;
  }

  private static List<Map<String, Object>> mostFirst(List<Map<String, Object>> rows) {
    return rows.stream()
        .filter(r -> (long) r.get("count") > 0)
        .sorted(
            Comparator.comparingLong((Map<String, Object> r) -> (long) r.get("count")).reversed())
        .limit(20)
        .toList();
  }
}
