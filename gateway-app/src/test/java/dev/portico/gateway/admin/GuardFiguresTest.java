package dev.portico.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardFiguresTest {

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final GuardFigures figures = new GuardFigures(registry);

  @Test
  void denialsListAuthorizationDenialsAndFailedAuthenticationsMostFirst() {
    registry.counter("portico.authz.decisions", "route", "orders", "outcome", "deny").increment(2);
    registry.counter("portico.authz.decisions", "route", "orders", "outcome", "allow").increment(9);
    Counter expired =
        registry.counter(
            "portico.auth",
            "route",
            "api",
            "issuer",
            "corp",
            "method",
            "bearer",
            "outcome",
            "expired-token");
    expired.increment(5);
    registry
        .counter(
            "portico.auth",
            "route",
            "api",
            "issuer",
            "corp",
            "method",
            "bearer",
            "outcome",
            "success")
        .increment(50);

    List<Map<String, Object>> denials = figures.denials();

    assertThat(denials).hasSize(2);
    assertThat(denials.get(0))
        .containsEntry("route", "api")
        .containsEntry("step", "authentication")
        .containsEntry("outcome", "expired-token")
        .containsEntry("count", 5L);
    assertThat(denials.get(1)).containsEntry("route", "orders").containsEntry("count", 2L);
  }

  @Test
  void rateLimitsReportTheSharedStoreAndTheMostLimitedRoutes() {
    Gauge.builder("portico.ratelimit.store.up", () -> 0).tag("store", "redis").register(registry);
    registry
        .counter("portico.ratelimit.decisions", "route", "a", "policy", "p", "outcome", "limited")
        .increment(3);
    registry
        .counter("portico.ratelimit.decisions", "route", "a", "policy", "p", "outcome", "allowed")
        .increment(30);

    Map<String, Object> status = figures.rateLimits();

    assertThat(status).containsEntry("shared_store_up", false).containsEntry("outages", 0L);
    assertThat(status.get("most_limited"))
        .isEqualTo(List.of(Map.of("route", "a", "policy", "p", "count", 3L)));
  }

  @Test
  void withoutASharedStoreItsStateIsUnknown() {
    assertThat(figures.rateLimits()).containsEntry("shared_store_up", null);
    assertThat(figures.denials()).isEmpty();
  }
}
