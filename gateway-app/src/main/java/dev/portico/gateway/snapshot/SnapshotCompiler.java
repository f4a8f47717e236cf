package dev.portico.gateway.snapshot;

import dev.portico.auth.authz.RoutePolicy;
import dev.portico.auth.spring.AuthMetrics;
import dev.portico.auth.spring.AuthorizationFilter.AuthorizationContext;
import dev.portico.auth.spring.AuthorizationMetrics;
import dev.portico.auth.spring.RecentDenials;
import dev.portico.config.LoadedConfig;
import dev.portico.config.model.ByteSize;
import dev.portico.config.model.CorsPolicy;
import dev.portico.config.model.PorticoConfig;
import dev.portico.config.model.Route;
import dev.portico.config.routing.PathNormalizer;
import dev.portico.config.routing.RouteConditions;
import dev.portico.config.routing.RouteEntry;
import dev.portico.config.routing.RouteIndex;
import dev.portico.gateway.filter.RouteFilters;
import dev.portico.gateway.forwarded.TrustedProxies;
import dev.portico.gateway.ratelimit.LimitedKeyLog;
import dev.portico.gateway.ratelimit.RateLimitFilter;
import dev.portico.gateway.ratelimit.RateLimitStores;
import dev.portico.gateway.tls.ClientCertificateFilter;
import dev.portico.gateway.tracing.PorticoTracing;
import dev.portico.gateway.upstream.CallerRegion;
import dev.portico.gateway.upstream.RouteBalancing;
import dev.portico.gateway.upstream.UpstreamSelector;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Compiles a validated configuration into a {@link GatewaySnapshot}: route conditions, filters,
 * rotations and CORS policies are all built here, once, off the request path.
 */
public final class SnapshotCompiler implements AutoCloseable {

  /** The route URI given to Spring Cloud Gateway; the endpoint filter replaces it per attempt. */
  private static final URI UNRESOLVED = URI.create("portico://upstream");

  private final Clock clock;
  private final MeterRegistry meters;
  private final AuthMetrics authMetrics;
  private final AuthorizationMetrics authorizationMetrics;
  private final RateLimitStores rateLimitStores;
  private final UpstreamRegistry upstreamRegistry;
  private final PorticoTracing tracing;
  private final RecentDenials recentDenials = new RecentDenials(RECENT_DENIALS);

  /** How many authorization refusals the admin console can show. */
  static final int RECENT_DENIALS = 100;

  /**
   * @param connect whether stores outside the process (Redis) are connected to; false for one-shot
   *     CLI commands
   */
  public SnapshotCompiler(Clock clock, MeterRegistry meters, boolean connect) {
    this(clock, meters, connect, PorticoTracing.off());
  }

  /**
   * @param connect whether stores outside the process (Redis) are connected to
   * @param tracing the tracer whose spans the routes' filters make
   */
  public SnapshotCompiler(
      Clock clock, MeterRegistry meters, boolean connect, PorticoTracing tracing) {
    this.clock = clock;
    this.tracing = tracing;
    this.meters = meters;
    this.rateLimitStores = new RateLimitStores(meters, clock, connect);
    this.upstreamRegistry = new UpstreamRegistry(clock, meters, connect);
    this.authMetrics = new AuthMetrics(meters);
    this.authorizationMetrics = new AuthorizationMetrics(meters);
  }

  /** The rate-limit keys refused most often lately, across reloads. */
  public LimitedKeyLog limitedKeys() {
    return rateLimitStores.limitedKeys();
  }

  /** The last authorization refusals of every snapshot this compiler built, newest first. */
  public RecentDenials recentDenials() {
    return recentDenials;
  }

  /**
   * Compiles {@code loaded}; state worth keeping across reloads (issuer key caches) is taken over
   * from {@code previous}, which is null at start-up.
   */
  public GatewaySnapshot compile(LoadedConfig loaded, GatewaySnapshot previous) {
    PorticoConfig config = loaded.config();
    AuthRuntime auth =
        AuthRuntime.build(
            config, previous == null ? null : previous.auth(), clock, meters, authMetrics);
    TrustedProxies trustedProxies = new TrustedProxies(config.gateway().trustedProxies());
    AuthorizationContext authorization =
        new AuthorizationContext(
            config.gateway().auth().realm(),
            exchange -> trustedProxies.clientAddress(exchange.getRequest()),
            authorizationMetrics,
            clock,
            recentDenials);
    RateLimitFilter.Context rateLimits =
        new RateLimitFilter.Context(
            rateLimitStores.forConfig(config),
            exchange -> trustedProxies.clientAddress(exchange.getRequest()));
    Map<String, UpstreamHandle> upstreams = upstreamRegistry.forConfig(config);
    CallerRegion callerRegion = CallerRegion.of(config.gateway().clientLocality(), trustedProxies);
    List<RouteEntry<RuntimeRoute>> entries = new ArrayList<>();
    for (Route route : config.routes()) {
      RuntimeRoute runtime =
          compileRoute(
              route,
              config,
              route.split() == null
                  ? UpstreamSelector.single(upstreams.get(route.upstream()))
                  : UpstreamSelector.split(route.split(), upstreams, rateLimits.clientIp()),
              auth,
              authorization,
              rateLimits,
              callerRegion,
              tracing);
      entries.add(new RouteEntry<>(route.id(), RouteConditions.compile(route.match()), runtime));
    }
    return new GatewaySnapshot(
        loaded,
        RouteIndex.build(entries),
        Map.copyOf(upstreams),
        trustedProxies,
        auth,
        PathNormalizer.of(config.gateway().pathNormalization()),
        clock.instant());
  }

  private RuntimeRoute compileRoute(
      Route route,
      PorticoConfig config,
      UpstreamSelector upstream,
      AuthRuntime auth,
      AuthorizationContext authorization,
      RateLimitFilter.Context rateLimits,
      CallerRegion callerRegion,
      PorticoTracing tracing) {
    var defaults = config.gateway().defaults();
    Duration timeout = route.timeout() != null ? route.timeout() : defaults.timeout();
    ByteSize maxBody = route.maxBodySize() != null ? route.maxBodySize() : defaults.maxBodySize();
    RoutePolicy policy = RoutePolicy.compile(route, config.policies());
    var gatewayRoute =
        org.springframework.cloud.gateway.route.Route.async()
            .id(route.id())
            .uri(UNRESOLVED)
            .predicate(exchange -> true)
            .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeout.toMillis())
            .filters(
                RouteFilters.of(
                    route,
                    upstream,
                    maxBody,
                    auth.context(),
                    policy,
                    authorization,
                    RateLimitFilter.of(route, config, rateLimits),
                    rateLimits.clientIp(),
                    callerRegion,
                    tracing,
                    route.clientCertificate() == null
                        ? null
                        : new ClientCertificateFilter(
                            route.id(), route.clientCertificate(), meters)))
            .build();
    return new RuntimeRoute(
        route,
        gatewayRoute,
        cors(route.cors()),
        policy,
        new RouteBalancing(upstream, callerRegion));
  }

  /** Stops the rate-limit stores (the Redis connection and the sweeper). */
  @Override
  public void close() {
    rateLimitStores.close();
    upstreamRegistry.close();
  }

  static CorsConfiguration cors(CorsPolicy policy) {
    if (policy == null) {
      return null;
    }
    CorsConfiguration cors = new CorsConfiguration();
    for (String origin : policy.allowedOrigins()) {
      if (origin.contains("*")) {
        cors.addAllowedOriginPattern(origin);
      } else {
        cors.addAllowedOrigin(origin);
      }
    }
    policy.allowedMethods().forEach(cors::addAllowedMethod);
    policy.allowedHeaders().forEach(cors::addAllowedHeader);
    policy.exposedHeaders().forEach(cors::addExposedHeader);
    cors.setAllowCredentials(policy.allowCredentials());
    cors.setMaxAge(policy.maxAge());
    return cors;
  }
}
