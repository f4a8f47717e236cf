/**
 * Load balancing, health and resilience algorithms, independent of Spring and Netty: {@link
 * dev.portico.traffic.Balancer} (round-robin, weighted random, least-request, Maglev), {@link
 * dev.portico.traffic.MaglevTable}, {@link dev.portico.traffic.KeyHash}, sticky sessions ({@link
 * dev.portico.traffic.StickyCookieCodec}, {@link dev.portico.traffic.StickyBalancer}), {@link
 * dev.portico.traffic.TrafficSplit}, locality priority ({@link dev.portico.traffic.LocalityPolicy},
 * {@link dev.portico.traffic.LocalityPlan}), {@link dev.portico.traffic.OutlierDetector}, {@link
 * dev.portico.traffic.HealthState}, {@link dev.portico.traffic.RetryBudget} and {@link
 * dev.portico.traffic.EndpointHealth}. Behaviour and examples: {@code docs/load-balancing.md}.
 */
package dev.portico.traffic;
