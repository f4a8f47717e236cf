package dev.portico.gateway.accesslog;

import dev.portico.gateway.PorticoStartup;
import dev.portico.gateway.routing.ManagementPort;
import dev.portico.gateway.snapshot.SnapshotHolder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the access log: the HTTP handler decorator that sees every request, the web filter that
 * hands it the exchange, the upstream timer and the writer thread (flushed and stopped on shutdown,
 * after the server has stopped taking requests).
 */
@Configuration(proxyBeanMethods = false)
public class AccessLogWiring {

  @Bean(destroyMethod = "close")
  AccessLogWriter accessLogWriter(PorticoStartup startup, MeterRegistry meters) {
    return new AccessLogWriter(
        startup.initial().config().gateway().accessLog().queueSize(), meters);
  }

  @Bean
  AccessLog accessLog(
      SnapshotHolder snapshots,
      AccessLogWriter writer,
      ManagementPort managementPort,
      Clock clock) {
    return new AccessLog(
        snapshots,
        writer,
        managementPort,
        clock,
        System::nanoTime,
        () -> ThreadLocalRandom.current().nextInt(100));
  }

  @Bean
  ExchangeCapture accessLogExchangeCapture() {
    return new ExchangeCapture();
  }

  @Bean
  UpstreamTimingFilter upstreamTimingFilter() {
    return new UpstreamTimingFilter(System::nanoTime);
  }
}
