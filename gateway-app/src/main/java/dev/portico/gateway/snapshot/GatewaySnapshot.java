package dev.portico.gateway.snapshot;

import dev.portico.config.LoadedConfig;
import dev.portico.config.model.PorticoConfig;
import dev.portico.config.routing.PathNormalizer;
import dev.portico.config.routing.RouteIndex;
import dev.portico.gateway.forwarded.TrustedProxies;
import java.time.Instant;
import java.util.Map;

/**
 * Everything a request needs, compiled from one configuration: the route index, upstream groups and
 * global settings. Immutable; a reload builds a new one and swaps it in atomically, while requests
 * in flight keep the one they started with.
 */
public record GatewaySnapshot(
    LoadedConfig loaded,
    RouteIndex<RuntimeRoute> routes,
    Map<String, UpstreamHandle> upstreams,
    TrustedProxies trustedProxies,
    AuthRuntime auth,
    PathNormalizer pathNormalizer,
    Instant builtAt) {

  public PorticoConfig config() {
    return loaded.config();
  }
}
