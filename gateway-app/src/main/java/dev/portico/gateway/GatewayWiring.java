package dev.portico.gateway;

import dev.portico.auth.spring.StripHeadersWebFilter;
import dev.portico.auth.spring.login.LoginEndpointsWebFilter;
import dev.portico.gateway.error.ProblemErrorWebExceptionHandler;
import dev.portico.gateway.filter.FilterOrder;
import dev.portico.gateway.filter.PathNormalizationFilter;
import dev.portico.gateway.filter.RequestFramingFilter;
import dev.portico.gateway.filter.RequestIdFilter;
import dev.portico.gateway.filter.RequestIdHeadersFilter;
import dev.portico.gateway.forwarded.ForwardedHeadersFilter;
import dev.portico.gateway.mesh.MeshHeadersFilter;
import dev.portico.gateway.reload.ConfigReloadService;
import dev.portico.gateway.reload.ReloadMetrics;
import dev.portico.gateway.routing.ManagementPort;
import dev.portico.gateway.routing.PorticoRouteHandlerMapping;
import dev.portico.gateway.server.ListenerHardening;
import dev.portico.gateway.snapshot.SnapshotCompiler;
import dev.portico.gateway.snapshot.SnapshotHolder;
import dev.portico.gateway.tls.TlsWiring;
import dev.portico.gateway.tracing.PorticoTracing;
import dev.portico.gateway.tracing.ServerSpanFilter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/** Wires Portico's pieces into Spring Cloud Gateway. */
@Configuration(proxyBeanMethods = false)
@Import(TlsWiring.class)
class GatewayWiring {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Built from the start-up configuration: all tracing keys but sampling need a restart. */
  @Bean(destroyMethod = "close")
  PorticoTracing porticoTracing(PorticoStartup startup, MeterRegistry meters) {
    return PorticoTracing.start(startup.initial().config().gateway().tracing(), meters);
  }

  @Bean
  SnapshotCompiler snapshotCompiler(Clock clock, MeterRegistry meters, PorticoTracing tracing) {
    return new SnapshotCompiler(clock, meters, true, tracing);
  }

  @Bean(destroyMethod = "close")
  SnapshotHolder snapshotHolder(
      PorticoStartup startup, SnapshotCompiler compiler, PorticoTracing tracing) {
    SnapshotHolder holder = new SnapshotHolder(compiler.compile(startup.initial(), null));
    tracing.followSettings(() -> holder.current().config().gateway().tracing());
    return holder;
  }

  @Bean
  ServerSpanFilter serverSpanFilter(PorticoTracing tracing, ManagementPort managementPort) {
    return new ServerSpanFilter(tracing, managementPort);
  }

  @Bean
  StripHeadersWebFilter stripHeadersWebFilter(SnapshotHolder snapshots) {
    // Ordered after the request id and before routing (a plain WebFilter has the lowest order).
    return new StripHeadersWebFilter(() -> snapshots.current().auth().stripHeaders());
  }

  @Bean
  LoginEndpointsWebFilter loginEndpointsWebFilter(SnapshotHolder snapshots) {
    return new LoginEndpointsWebFilter(
        () -> snapshots.current().auth().context().login(), FilterOrder.LOGIN_ENDPOINTS);
  }

  @Bean
  ManagementPort managementPort() {
    return new ManagementPort();
  }

  @Bean
  PorticoRouteHandlerMapping routePredicateHandlerMapping(
      FilteringWebHandler webHandler,
      RouteLocator routeLocator,
      GlobalCorsProperties globalCors,
      Environment environment,
      SnapshotHolder snapshots,
      ManagementPort managementPort) {
    return new PorticoRouteHandlerMapping(
        webHandler, routeLocator, globalCors, environment, snapshots, managementPort);
  }

  @Bean
  RequestIdFilter requestIdFilter(SnapshotHolder snapshots) {
    return new RequestIdFilter(snapshots);
  }

  /** Listener limits and framing guards on every public-listener connection. */
  @Bean
  ListenerHardening listenerHardening(
      PorticoStartup startup, ManagementPort managementPort, MeterRegistry meters) {
    return new ListenerHardening(
        startup.initial().config().gateway().listen().limits(), managementPort, meters);
  }

  @Bean
  ListenerHardening.Http2Limits http2Limits(ListenerHardening hardening) {
    return new ListenerHardening.Http2Limits(hardening);
  }

  @Bean
  RequestFramingFilter requestFramingFilter(MeterRegistry meters) {
    return new RequestFramingFilter(meters);
  }

  @Bean
  PathNormalizationFilter pathNormalizationFilter(SnapshotHolder snapshots, MeterRegistry meters) {
    return new PathNormalizationFilter(snapshots, meters);
  }

  @Bean
  RequestIdHeadersFilter requestIdHeadersFilter(SnapshotHolder snapshots) {
    return new RequestIdHeadersFilter(snapshots);
  }

  @Bean
  ForwardedHeadersFilter forwardedHeadersFilter(SnapshotHolder snapshots) {
    return new ForwardedHeadersFilter(snapshots);
  }

  @Bean
  MeshHeadersFilter meshHeadersFilter() {
    return new MeshHeadersFilter();
  }

  @Bean
  ProblemErrorWebExceptionHandler problemErrorWebExceptionHandler() {
    return new ProblemErrorWebExceptionHandler();
  }

  @Bean
  ReloadMetrics reloadMetrics(MeterRegistry registry, Clock clock) {
    return new ReloadMetrics(registry, clock);
  }

  @Bean
  ConfigReloadService configReloadService(
      PorticoStartup startup,
      SnapshotHolder snapshots,
      SnapshotCompiler compiler,
      ReloadMetrics metrics) {
    return new ConfigReloadService(
        startup.configFile(),
        snapshots,
        compiler,
        metrics,
        Duration.ofMillis(200),
        Duration.ofSeconds(2));
  }
}
