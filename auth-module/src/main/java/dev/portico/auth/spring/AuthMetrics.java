package dev.portico.auth.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts authentication outcomes as {@code portico_auth_total{route, issuer, method, outcome}}. Tag
 * values are bounded: route ids and issuer names from the configuration, fixed method and outcome
 * words; never subjects or tokens. Counters are created once per combination and cached.
 */
public final class AuthMetrics {

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public AuthMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * @param method bearer, api-key, login or none
   * @param outcome success, anonymous, missing, invalid-token, expired-token, invalid-api-key,
   *     unavailable
   */
  public void record(String route, String issuer, String method, String outcome) {
    String issuerTag = issuer == null ? "none" : issuer;
    String key = route + '\u0000' + issuerTag + '\u0000' + method + '\u0000' + outcome;
    counters
        .computeIfAbsent(
            key,
            k ->
                Counter.builder("portico.auth")
                    .description("Authentication outcomes by route, issuer, method and outcome")
                    .tag("route", route)
                    .tag("issuer", issuerTag)
                    .tag("method", method)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
  }
}
