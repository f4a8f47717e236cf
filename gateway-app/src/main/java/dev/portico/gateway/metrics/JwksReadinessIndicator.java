package dev.portico.gateway.metrics;

import dev.portico.auth.token.IssuerRegistry;
import dev.portico.config.model.Issuer;
import dev.portico.gateway.snapshot.GatewaySnapshot;
import dev.portico.gateway.snapshot.SnapshotHolder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationListener;

/**
 * Start-up readiness: {@code OUT_OF_SERVICE} (HTTP 503 on {@code /actuator/health/readiness}) until
 * every issuer that verifies signatures with published keys has fetched them once, or until {@code
 * gateway.management.readiness.jwks-grace} has passed since start-up. Once it reports {@code UP} it
 * stays up: a reload that adds an unreachable issuer reaches every replica at the same moment, and
 * taking them all out of the load balancer would turn one broken issuer into an outage of every
 * route. Cheap and non-blocking (reads the snapshot); thread-safe.
 */
final class JwksReadinessIndicator
    implements HealthIndicator, ApplicationListener<ApplicationReadyEvent> {

  private final SnapshotHolder snapshots;
  private final Duration grace;
  private final Clock clock;
  private volatile Instant readyAnywayAt;
  private volatile boolean ready;

  JwksReadinessIndicator(SnapshotHolder snapshots, Duration grace, Clock clock) {
    this.snapshots = snapshots;
    this.grace = grace;
    this.clock = clock;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    readyAnywayAt = clock.instant().plus(grace);
  }

  @Override
  public Health health() {
    if (ready) {
      return Health.up().build();
    }
    List<String> waiting = issuersWithoutKeys(snapshots.current());
    Instant deadline = readyAnywayAt;
    if (waiting.isEmpty() || (deadline != null && !clock.instant().isBefore(deadline))) {
      ready = true;
      return Health.up().build();
    }
    return Health.outOfService().withDetail("waitingForKeys", waiting).build();
  }

  private static List<String> issuersWithoutKeys(GatewaySnapshot snapshot) {
    Map<String, Issuer> issuers = snapshot.config().issuers();
    IssuerRegistry registry = snapshot.auth().context().issuers();
    return issuers.entrySet().stream()
        .filter(e -> e.getValue().sharedSecret() == null)
        .map(Map.Entry::getKey)
        .filter(name -> registry.status(name).lastKeyFetch() == null)
        .sorted()
        .toList();
  }
}
