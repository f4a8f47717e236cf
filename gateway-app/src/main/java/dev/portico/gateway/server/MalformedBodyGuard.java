package dev.portico.gateway.server;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

/**
 * Turns a request body the HTTP decoder could not read (a malformed chunk size, say) into an error
 * of the body stream, instead of the end of it.
 *
 * <p>Netty reports such a body as a last chunk carrying a failed decoder result, and reactor-netty
 * would end the request body there, normally: a request Portico has begun to forward would reach
 * the upstream as complete, with its body cut short — an upload truncated by an attacker or a
 * broken client, accepted as whole. Raised as an error, it makes the upstream request fail, so the
 * upstream connection is closed before the final chunk and never sees a complete request.
 *
 * <p>Sits on each server connection between the HTTP codec and reactor-netty's bridge. Sharable: it
 * keeps no state.
 */
@ChannelHandler.Sharable
public final class MalformedBodyGuard extends ChannelInboundHandlerAdapter {

  /** The pipeline name of the handler. */
  public static final String NAME = "portico.malformedBodyGuard";

  private final Counter refused;

  public MalformedBodyGuard(Counter refused) {
    this.refused = refused;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpContent content && !(msg instanceof HttpRequest)) {
      DecoderResult result = content.decoderResult();
      if (result.isFailure()) {
        ReferenceCountUtil.release(msg);
        refused.increment();
        ctx.fireExceptionCaught(new MalformedRequestBodyException(result.cause()));
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  /** The request body could not be decoded; the request must not be completed upstream. */
  public static final class MalformedRequestBodyException extends RuntimeException {
    MalformedRequestBodyException(Throwable cause) {
      super("The request body is malformed: " + cause.getMessage(), cause);
    }
  }
}
