package dev.portico.gateway.tls;

import dev.portico.auth.ClientCertificate;
import dev.portico.auth.spring.ClientCertificates;
import dev.portico.config.model.ClientCertificateRequirement;
import dev.portico.gateway.error.GatewayProblem;
import dev.portico.gateway.error.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.Set;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A route's {@code client-certificate} requirement: without a verified client certificate the
 * request is refused with 401, with one the route does not accept with 403 (each counted by route
 * and reason). Every non-empty list of the requirement must accept the certificate. Immutable.
 */
public final class ClientCertificateFilter implements GatewayFilter {

  private final Set<String> spiffeIds;
  private final Set<String> trustDomains;
  private final Set<String> subjects;
  private final Counter missing;
  private final Counter notAccepted;

  public ClientCertificateFilter(
      String routeId, ClientCertificateRequirement requirement, MeterRegistry meters) {
    this.spiffeIds = Set.copyOf(requirement.spiffeIds());
    this.trustDomains = Set.copyOf(requirement.trustDomains());
    this.subjects = Set.copyOf(requirement.subjects());
    this.missing = refusals(meters, routeId, "missing");
    this.notAccepted = refusals(meters, routeId, "not-accepted");
  }

  private static Counter refusals(MeterRegistry meters, String routeId, String reason) {
    return Counter.builder("portico.tls.client.certificate.refusals")
        .description("Requests refused for the TLS client certificate a route requires")
        .tag("route", routeId)
        .tag("reason", reason)
        .register(meters);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    Optional<ClientCertificate> certificate = ClientCertificates.of(exchange);
    if (certificate.isEmpty()) {
      missing.increment();
      return Mono.error(
          new GatewayProblem(
              ProblemType.CLIENT_CERTIFICATE_REQUIRED,
              "This route requires a TLS client certificate."));
    }
    if (!accepts(certificate.get())) {
      notAccepted.increment();
      return Mono.error(
          new GatewayProblem(
              ProblemType.CLIENT_CERTIFICATE_NOT_ACCEPTED,
              "The TLS client certificate is not accepted on this route."));
    }
    return chain.filter(exchange);
  }

  boolean accepts(ClientCertificate certificate) {
    return (spiffeIds.isEmpty() || spiffeIds.contains(certificate.spiffeId()))
        && (trustDomains.isEmpty() || trustDomains.contains(certificate.trustDomain()))
        && (subjects.isEmpty() || subjects.contains(certificate.subject()));
  }
}
