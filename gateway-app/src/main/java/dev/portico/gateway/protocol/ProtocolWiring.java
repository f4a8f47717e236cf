package dev.portico.gateway.protocol;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import reactor.netty.http.client.HttpClient;

/**
 * Wires the protocol pieces: the routing filter that picks HTTP/1.1 or h2c per upstream and the
 * response writer (in place of Spring Cloud Gateway's pair, which SpringProperties turns off
 * together), gRPC deadlines and trailers.
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
      UpstreamClients clients,
      MeterRegistry meters) {
    return new PorticoRoutingFilter(httpClient, headersFilters, properties, clients, meters);
  }

  /**
   * Spring Cloud Gateway's response writer, switched off with its routing filter. gRPC responses
   * count as streaming, so each message is flushed to the client as it arrives.
   */
  @Bean
  NettyWriteResponseFilter nettyWriteResponseFilter(
      GatewayProperties properties, ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
    List<MediaType> streaming = new ArrayList<>(properties.getStreamingMediaTypes());
    streaming.add(MediaType.parseMediaType("application/grpc"));
    streaming.add(MediaType.parseMediaType("application/grpc+proto"));
    return new NettyWriteResponseFilter(streaming, headersFilters);
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
