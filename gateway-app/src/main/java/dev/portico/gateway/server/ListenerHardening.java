package dev.portico.gateway.server;

import dev.portico.config.model.ListenerLimits;
import dev.portico.gateway.routing.ManagementPort;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import reactor.netty.http.server.HttpServer;

/**
 * Applies {@code gateway.listen.limits} and the request-framing guards to every connection of the
 * public listener: the connection cap, the headers timeout and folded-line refusal ({@link
 * RequestHeadGuard}), the body read timeout, the HTTP/2 stream and header-list limits, and the
 * {@link MalformedBodyGuard}. The request line and head size limits and the idle timeout are Spring
 * Boot server properties (see SpringProperties). Connections to the management port are left alone.
 */
public final class ListenerHardening implements NettyServerCustomizer {

  private final ListenerLimits limits;
  private final ManagementPort managementPort;
  private final ConnectionLimit connections;
  private final MalformedBodyGuard bodyGuard;
  private final Counter headTimeouts;
  private final Counter foldedLines;

  public ListenerHardening(
      ListenerLimits limits, ManagementPort managementPort, MeterRegistry meters) {
    this.limits = limits;
    this.managementPort = managementPort;
    this.connections = new ConnectionLimit(limits.maxConnections(), meters);
    this.bodyGuard = new MalformedBodyGuard(refused(meters, "malformed-body"));
    this.headTimeouts = refused(meters, "headers-timeout");
    this.foldedLines = refused(meters, "obsolete-line-folding");
  }

  private static Counter refused(MeterRegistry meters, String reason) {
    return Counter.builder("portico.requests.refused")
        .description("HTTP/1.x requests refused for their framing before any routing")
        .tag("reason", reason)
        .register(meters);
  }

  @Override
  public HttpServer apply(HttpServer server) {
    return server
        .readTimeout(limits.bodyReadTimeout())
        .doOnChannelInit((observer, channel, remote) -> harden(channel));
  }

  /**
   * The HTTP/2 settings announced to clients. Applied as the last server customizer ({@link
   * Http2Limits}): Spring Boot's own customizer replaces the whole settings spec to set the header
   * list size, and would undo these if it ran later.
   */
  HttpServer http2Settings(HttpServer server) {
    return server.http2Settings(
        h2 ->
            h2.maxConcurrentStreams(limits.maxConcurrentStreams())
                .maxHeaderListSize(limits.maxHeaderSize().bytes()));
  }

  /** Adds {@link #http2Settings} after Spring Boot's server customizers (order 0). */
  public static final class Http2Limits
      implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

    private final ListenerHardening hardening;

    public Http2Limits(ListenerHardening hardening) {
      this.hardening = hardening;
    }

    @Override
    public void customize(NettyReactiveWebServerFactory factory) {
      factory.addServerCustomizers(hardening::http2Settings);
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }

  private void harden(Channel channel) {
    if (channel.localAddress() instanceof InetSocketAddress local
        && managementPort.is(local.getPort())) {
      return;
    }
    if (!connections.admit(channel)) {
      return;
    }
    guardHttp1(channel.pipeline());
  }

  /**
   * Adds the HTTP/1.x guards to {@code pipeline} if it has an HTTP/1.1 codec and no guards yet.
   * Called at channel init and again once TLS has negotiated HTTP/1.1 by ALPN (the codec is added
   * then). HTTP/2 connections get none: the HTTP/2 codec enforces its own header limits.
   */
  public void guardHttp1(ChannelPipeline pipeline) {
    ChannelHandlerContext codec = pipeline.context(HttpServerCodec.class);
    if (codec == null) {
      return;
    }
    if (pipeline.get(MalformedBodyGuard.NAME) == null) {
      // Right after the codec: reactor-netty's traffic handler would otherwise answer the
      // failure itself and end the body normally when the connection closes.
      pipeline.addAfter(codec.name(), MalformedBodyGuard.NAME, bodyGuard);
    }
    new RequestHeadGuard(limits.headersTimeout(), headTimeouts, foldedLines).install(pipeline);
  }
}
