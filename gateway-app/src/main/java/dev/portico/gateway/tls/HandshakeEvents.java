package dev.portico.gateway.tls;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.function.Consumer;

/**
 * Sits right after the TLS handler of each listener connection: counts failed handshakes (a client
 * offering only old versions or weak ciphers, a missing or untrusted client certificate), and once
 * the protocol is negotiated lets the pipeline be completed for it (the HTTP/1.1 codec only exists
 * after ALPN chose it). Sharable: it keeps no state.
 */
@ChannelHandler.Sharable
final class HandshakeEvents extends ChannelInboundHandlerAdapter {

  static final String NAME = "portico.tlsHandshakeEvents";

  private final Counter failures;
  private final Consumer<ChannelPipeline> afterNegotiation;

  HandshakeEvents(Counter failures, Consumer<ChannelPipeline> afterNegotiation) {
    this.failures = failures;
    this.afterNegotiation = afterNegotiation;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof SslHandshakeCompletionEvent done) {
      ChannelPipeline pipeline = ctx.pipeline();
      if (!done.isSuccess()) {
        failures.increment();
      }
      ctx.fireUserEventTriggered(event);
      if (done.isSuccess()) {
        // The ALPN handler further on has now put the negotiated protocol's codec in place.
        afterNegotiation.accept(pipeline);
      }
      return;
    }
    ctx.fireUserEventTriggered(event);
  }
}
