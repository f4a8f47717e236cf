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
 * HTTP/1.1 (HTTP/1.1 only with {@code gateway.listen.http2: false}).
 *
 * <p>Why not Spring Boot's SSL bundles ({@code server.ssl.bundle}, {@code reload-on-update}, {@code
 * server.ssl.server-name-bundles}): they are configured through Spring properties rather than
 * Portico's validated YAML, report a bad file as a start-up or log failure instead of a
 * file:line:col error, and offer no hook for the refused-reload metric or for keeping the running
 * certificate when a replacement is broken. reactor-netty's asynchronous SNI mapping, answered from
 * an atomically swapped generation, gives all of that with the same TLS engine.
 */
final class TlsListenerCustomizer implements NettyServerCustomizer {

  private final ListenerCertificates certificates;
  private final HandshakeEvents events;
  private final HttpProtocol[] protocols;

  TlsListenerCustomizer(
      ListenerCertificates certificates,
      boolean http2,
      Counter handshakeFailures,
      Consumer<ChannelPipeline> afterNegotiation) {
    this.certificates = certificates;
    this.events = new HandshakeEvents(handshakeFailures, afterNegotiation);
    this.protocols =
        http2
            ? new HttpProtocol[] {HttpProtocol.H2, HttpProtocol.HTTP11}
            : new HttpProtocol[] {HttpProtocol.HTTP11};
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
        .protocol(protocols)
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
