package dev.portico.gateway.protocol;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.client.HttpClient;

/**
 * Wires the protocol pieces: the routing filter that picks HTTP/1.1 or h2c per upstream (in place
 * of Spring Cloud Gateway's, which SpringProperties turns off), gRPC deadlines and trailers.
 */
@Configuration(proxyBeanMethods = false)
public class ProtocolWiring {

  @Bean
  UpstreamClients upstreamClients(HttpClient httpClient) {
    return new UpstreamClients(httpClient);
  }

  @Bean
  PorticoRoutingFilter porticoRoutingFilter(
      HttpClient httpClient,
      ObjectProvider<List<HttpHeadersFilter>> headersFilters,
      HttpClientProperties properties,
      UpstreamClients clients) {
    return new PorticoRoutingFilter(httpClient, headersFilters, properties, clients);
  }

  @Bean
  GrpcDeadlineFilter grpcDeadlineFilter(MeterRegistry meters) {
    return new GrpcDeadlineFilter(meters);
  }

  @Bean
  GrpcTrailersFilter grpcTrailersFilter() {
    return new GrpcTrailersFilter();
  }
}
