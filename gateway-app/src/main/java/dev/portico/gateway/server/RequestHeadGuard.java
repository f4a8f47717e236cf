package dev.portico.gateway.server;

import dev.portico.gateway.error.GatewayProblem;
import dev.portico.gateway.error.ProblemResponseWriter;
import dev.portico.gateway.error.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Guards the heads of the HTTP/1.x requests on one connection: the client must send a complete
 * request head within the headers timeout (from the connection's start, or from the first byte of a
 * following request), else it gets 408 and the connection is closed — the slowloris defence; and a
 * header line folded onto the previous one (obsolete line folding) gets 400 and a close instead of
 * being unfolded by the decoder.
 *
 * <p>Two handlers share this state: one before the HTTP codec sees the bytes, one after it sees the
 * decoded requests and the responses going out. A head is scanned only when the connection is known
 * to be between two requests (the last request and its response both complete); bytes of a
 * pipelined request that arrive earlier are left to the decoder, which replaces a fold with a space
 * as RFC 9112 allows. Not sharable: one per connection, used only on its event loop.
 */
final class RequestHeadGuard {

  static final String BYTES_NAME = "portico.requestHead.bytes";
  static final String MESSAGES_NAME = "portico.requestHead.messages";

  private final long timeoutNanos;
  private final Counter timedOut;
  private final Counter folded;
  private final HeadScanner scanner = new HeadScanner();

  private ChannelHandlerContext bytesContext;
  private ScheduledFuture<?> deadline;
  private boolean requestDone = true;
  private boolean responseDone = true;
  private boolean headStarted;
  private boolean scanning;
  private boolean refused;

  RequestHeadGuard(Duration timeout, Counter timedOut, Counter folded) {
    this.timeoutNanos = timeout.toNanos();
    this.timedOut = timedOut;
    this.folded = folded;
  }

  /**
   * Adds the two handlers around the HTTP/1.1 codec of {@code pipeline} (found by type: with h2c
   * enabled it is not registered under reactor-netty's name) and starts the first head's clock. A
   * pipeline without the codec, or with the guard already, is left alone.
   */
  void install(ChannelPipeline pipeline) {
    ChannelHandlerContext codec = pipeline.context(HttpServerCodec.class);
    if (codec == null || pipeline.get(BYTES_NAME) != null) {
      return;
    }
    pipeline.addBefore(codec.name(), BYTES_NAME, new BytesSide());
    pipeline.addAfter(codec.name(), MESSAGES_NAME, new MessagesSide());
  }

  /** True once the connection no longer speaks HTTP/1.x (upgraded to h2c or WebSocket). */
  private static boolean upgraded(ChannelPipeline pipeline) {
    return pipeline.context(HttpServerCodec.class) == null;
  }

  private void uninstall(ChannelPipeline pipeline) {
    disarm();
    if (pipeline.get(BYTES_NAME) != null) {
      pipeline.remove(BYTES_NAME);
    }
    if (pipeline.get(MESSAGES_NAME) != null) {
      pipeline.remove(MESSAGES_NAME);
    }
  }

  private void arm() {
    if (deadline == null) {
      deadline = bytesContext.executor().schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void disarm() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  private void expire() {
    deadline = null;
    if (upgraded(bytesContext.pipeline())) {
      uninstall(bytesContext.pipeline());
      return;
    }
    if (!refused && bytesContext.channel().isActive()) {
      timedOut.increment();
      refuse(
          new GatewayProblem(
              ProblemType.REQUEST_HEAD_TIMEOUT,
              "The request line and headers did not arrive in time."));
    }
  }

  private void refuse(GatewayProblem problem) {
    refused = true;
    disarm();
    bytesContext
        .writeAndFlush(Unpooled.wrappedBuffer(ProblemResponseWriter.http1Response(problem)))
        .addListener(ChannelFutureListener.CLOSE);
  }

  /** Before the codec: starts a head's clock at its first byte and scans it for folded lines. */
  private final class BytesSide extends ChannelInboundHandlerAdapter {

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      bytesContext = ctx;
      arm();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      disarm();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      disarm();
      ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (refused) {
        ReferenceCountUtil.release(msg);
        return;
      }
      if (upgraded(ctx.pipeline())) {
        // h2c or WebSocket: no more HTTP/1.x heads on this connection.
        uninstall(ctx.pipeline());
        ctx.fireChannelRead(msg);
        return;
      }
      if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
        if (requestDone && responseDone && !headStarted) {
          headStarted = true;
          scanning = true;
          scanner.reset();
          arm();
        }
        if (scanning && scan(bytes)) {
          ReferenceCountUtil.release(msg);
          return;
        }
      }
      ctx.fireChannelRead(msg);
    }

    /** Scans the bytes; true when they were refused. */
    private boolean scan(ByteBuf bytes) {
      switch (scanner.scan(bytes, bytes.readerIndex(), bytes.readableBytes())) {
        case FOLDED_LINE -> {
          folded.increment();
          refuse(
              new GatewayProblem(
                  ProblemType.OBSOLETE_LINE_FOLDING,
                  "A header line begins with a space or tab (obsolete line folding)."));
          return true;
        }
        case END_OF_HEAD, LOST_TRACK -> scanning = false;
        case MORE -> {}
      }
      return false;
    }
  }

  /** After the codec: a decoded request stops the clock; a complete exchange awaits the next. */
  private final class MessagesSide extends ChannelDuplexHandler {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest) {
        disarm();
        headStarted = false;
        scanning = false;
        requestDone = false;
        responseDone = false;
      }
      if (msg instanceof LastHttpContent) {
        requestDone = true;
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      boolean informational =
          msg instanceof HttpResponse response
              && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
      if (!informational && msg instanceof LastHttpContent) {
        responseDone = true;
      }
      ctx.write(msg, promise);
    }
  }
}
