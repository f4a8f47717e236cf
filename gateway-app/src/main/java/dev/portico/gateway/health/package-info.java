/**
 * Active health checks of upstream endpoints: {@link
 * dev.portico.gateway.health.ActiveHealthChecker} probes each endpoint over HTTP off the request
 * path and keeps its {@link dev.portico.traffic.HealthState}; {@link
 * dev.portico.gateway.health.HealthCheckSettings} says how. The HTTP probe, the per-endpoint loop
 * and the metrics are package-private.
 */
package dev.portico.gateway.health;
