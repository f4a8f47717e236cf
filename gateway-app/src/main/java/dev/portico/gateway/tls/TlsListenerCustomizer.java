package dev.portico.gateway.tls;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelPipeline;
import java.util.function.Consumer;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.SslProvider;

/**
 * Puts TLS on the public listener: the certificate is chosen per connection by SNI from {@link
 * ListenerCertificates} (so reloaded files apply to the next handshake), and ALPN offers HTTP/2 and
 * HTTP/1.1.
 */
final class TlsListenerCustomizer implements NettyServerCustomizer {

  private final ListenerCertificates certificates;
  private final HandshakeEvents events;

  TlsListenerCustomizer(
      ListenerCertificates certificates,
      Counter handshakeFailures,
      Consumer<ChannelPipeline> afterNegotiation) {
    this.certificates = certificates;
    this.events = new HandshakeEvents(handshakeFailures, afterNegotiation);
  }

  @Override
  public HttpServer apply(HttpServer server) {
    SslProvider tls =
        SslProvider.builder()
            .sslContext(certificates.defaultProvider().getSslContext())
            .setSniAsyncMappings(certificates)
            .build();
    return server
        .secure(tls)
        .protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
        .doOnChannelInit(
            (observer, channel, remote) -> {
              ChannelPipeline pipeline = channel.pipeline();
              if (pipeline.get(NettyPipeline.SslHandler) != null
                  && pipeline.get(HandshakeEvents.NAME) == null) {
                pipeline.addAfter(NettyPipeline.SslHandler, HandshakeEvents.NAME, events);
              }
            });
  }
}
