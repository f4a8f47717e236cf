package dev.portico.gateway.filter;

import dev.portico.gateway.error.GatewayProblem;
import dev.portico.gateway.error.ProblemType;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Enforces a route's largest request body: at once from {@code Content-Length}, and while the body
 * streams when the length is not declared (chunked), so an oversized body is never buffered. Either
 * way the client gets 413.
 */
final class BodySizeLimitFilter implements GatewayFilter {

  private final long maxBytes;

  BodySizeLimitFilter(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    long declared = exchange.getRequest().getHeaders().getContentLength();
    if (declared > maxBytes) {
      return Mono.error(tooLarge());
    }
    if (declared >= 0 || !hasStreamedBody(exchange)) {
      return chain.filter(exchange);
    }
    ServerHttpRequest limited = new LimitedBodyRequest(exchange.getRequest(), maxBytes);
    return chain.filter(exchange.mutate().request(limited).build());
  }

  /**
   * Whether the request may carry a body whose length it did not declare: in HTTP/1.x only with
   * Transfer-Encoding; in HTTP/2 any request may stream one.
   */
  private static boolean hasStreamedBody(ServerWebExchange exchange) {
    ServerHttpRequest request = exchange.getRequest();
    if (request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
      return true;
    }
    Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
    return !(nativeRequest instanceof HttpServerRequest netty
        && netty.protocol().startsWith("HTTP/1"));
  }

  private GatewayProblem tooLarge() {
    return new GatewayProblem(
        ProblemType.BODY_TOO_LARGE,
        "The request body is larger than this route accepts (" + maxBytes + " bytes).");
  }

  private final class LimitedBodyRequest extends ServerHttpRequestDecorator {
    private final long limit;

    LimitedBodyRequest(ServerHttpRequest delegate, long limit) {
      super(delegate);
      this.limit = limit;
    }

    @Override
    public Flux<DataBuffer> getBody() {
      AtomicLong seen = new AtomicLong();
      return super.getBody()
          .handle(
              (buffer, sink) -> {
                if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                  DataBufferUtils.release(buffer);
                  sink.error(tooLarge());
                } else {
                  sink.next(buffer);
                }
              });
    }
  }
}
