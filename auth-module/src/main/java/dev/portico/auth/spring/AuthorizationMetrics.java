package dev.portico.auth.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts authorization decisions as {@code portico_authz_decisions_total{route, outcome}} and
 * conditions that could not be evaluated as {@code portico_authz_condition_errors_total{route}}.
 * Tags are route ids from the configuration and the words allow / deny; never subjects or paths.
 */
public final class AuthorizationMetrics {

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public AuthorizationMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void decision(String route, String outcome) {
    counters
        .computeIfAbsent(
            route + '\u0000' + outcome,
            k ->
                Counter.builder("portico.authz.decisions")
                    .description("Authorization decisions by route and outcome")
                    .tag("route", route)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
  }

  void conditionError(String route) {
    counters
        .computeIfAbsent(
            route + "\u0000error",
            k ->
                Counter.builder("portico.authz.condition.errors")
                    .description(
                        "CEL conditions that could not be evaluated (deny rules then refuse)")
                    .tag("route", route)
                    .register(registry))
        .increment();
  }
}
