package dev.portico.gateway.admin;

import dev.portico.admin.ConfigHistory;
import dev.portico.gateway.PorticoStartup;
import dev.portico.gateway.reload.ConfigReloadService;
import dev.portico.gateway.snapshot.SnapshotCompiler;
import dev.portico.gateway.snapshot.SnapshotHolder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.context.annotation.Bean;
import reactor.core.scheduler.Schedulers;

/**
 * Puts the admin console and API into the management server's own (child) application context, so
 * they are served on the management port only and never on the public listener. Listed in {@code
 * META-INF/spring/…ManagementContextConfiguration.imports}; the beans it uses (snapshots, reload
 * service) come from the gateway's context, the child's parent.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
public class AdminManagementConfiguration {

  @Bean
  AdminWebFilter porticoAdminWebFilter(
      SnapshotHolder snapshots,
      ConfigReloadService reloads,
      PorticoStartup startup,
      SnapshotCompiler compiler,
      MeterRegistry meters,
      RouteSeries routeSeries,
      Clock clock) {
    ConfigHistory history = new ConfigHistory(startup.configFile(), clock);
    AdminApi api =
        new AdminApi(
            snapshots,
            reloads,
            history,
            new TrafficFigures(meters, clock),
            new GuardFigures(meters),
            compiler.recentDenials(),
            compiler.limitedKeys(),
            routeSeries,
            clock);
    return new AdminWebFilter(snapshots, api, new ConsolePages());
  }

  /** Per-route time series, sampled every few seconds for as long as the console is served. */
  @Bean(destroyMethod = "close")
  RouteSeries porticoRouteSeries(MeterRegistry meters, Clock clock) {
    return new RouteSeries(new TrafficFigures(meters, clock), clock).start(Schedulers.parallel());
  }
}
