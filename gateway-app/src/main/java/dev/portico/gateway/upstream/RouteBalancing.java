package dev.portico.gateway.upstream;

/**
 * How a route's requests are balanced, kept with the compiled route so a described request can be
 * previewed ({@link UpstreamSelector#preview}) with the caller's region found the way the request
 * path finds it. Immutable.
 *
 * @param upstream the route's upstream or split
 * @param callerRegion the snapshot's {@code gateway.client-locality} lookup
 */
public record RouteBalancing(UpstreamSelector upstream, CallerRegion callerRegion) {}
