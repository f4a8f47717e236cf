package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.NonEmpty;
import dev.portico.config.schema.Required;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The whole configuration file, as written by the operator and validated by the loader. */
@Doc("A Portico configuration file.")
public record PorticoConfig(
    @Doc("Settings of the gateway process itself: listeners, trusted proxies, locality, defaults.")
        @Default("{}")
        GatewaySettings gateway,
    @Doc("Named groups of endpoints inside the mesh that routes send traffic to.")
        Map<String, Upstream> upstreams,
    @Doc("Named token issuers (OAuth2/OIDC identity providers) whose tokens routes accept.")
        Map<String, Issuer> issuers,
    @Doc("Named API-key consumers.") Map<String, Consumer> consumers,
    @Doc("Named authorization policies that routes reference by name.")
        Map<String, Policy> policies,
    @Doc("Named rate-limit policies that routes reference by name.")
        Map<String, RateLimitPolicy> rateLimits,
    @Doc("The routes, each matching requests and sending them to an upstream.") @Required @NonEmpty
        List<Route> routes) {

  public PorticoConfig {
    upstreams = Models.map(upstreams);
    issuers = Models.map(issuers);
    consumers = Models.map(consumers);
    policies = Models.map(policies);
    rateLimits = Models.map(rateLimits);
    routes = Models.list(routes);
  }

  /**
   * The data files this configuration names and reads at load: the caller-region CIDR table, the
   * GeoIP database and the consumers' API-key files. A change to one of them reloads the
   * configuration.
   */
  public List<Path> dataFiles() {
    List<Path> files = new ArrayList<>();
    ClientLocality locality = gateway.clientLocality();
    if (locality != null) {
      if (locality.cidrFile() != null) {
        files.add(Path.of(locality.cidrFile()));
      }
      if (locality.geoipDatabase() != null) {
        files.add(Path.of(locality.geoipDatabase()));
      }
    }
    consumers.values().stream()
        .map(Consumer::apiKeysFile)
        .filter(Objects::nonNull)
        .forEach(file -> files.add(Path.of(file)));
    return List.copyOf(files);
  }
}
