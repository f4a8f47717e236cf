package dev.portico.gateway.ratelimit;

import java.util.concurrent.Executor;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.Connection;

/** Finds the Netty event loop that serves a request, to continue its chain there. */
final class EventLoops {

  private EventLoops() {}

  /** The request's event loop, or null when it is not served by Reactor Netty (e.g. in tests). */
  static Executor of(ServerWebExchange exchange) {
    Object nativeRequest;
    try {
      nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
    } catch (RuntimeException notNetty) {
      return null;
    }
    return nativeRequest instanceof Connection connection ? connection.channel().eventLoop() : null;
  }
}
