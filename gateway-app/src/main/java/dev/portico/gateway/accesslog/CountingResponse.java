package dev.portico.gateway.accesslog;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Counts the response body bytes handed to the server for sending, whoever writes them (the proxy
 * copying the upstream's body, or the problem writer).
 */
final class CountingResponse extends ServerHttpResponseDecorator {

  private final RequestRecord record;

  CountingResponse(ServerHttpResponse delegate, RequestRecord record) {
    super(delegate);
    this.record = record;
  }

  @Override
  public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
    return super.writeWith(counted(body));
  }

  @Override
  public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
    return super.writeAndFlushWith(Flux.from(body).map(this::counted));
  }

  /** Keeps a single-buffer body a Mono, which the server sends in one write. */
  private Publisher<? extends DataBuffer> counted(Publisher<? extends DataBuffer> body) {
    if (body instanceof Mono<? extends DataBuffer> single) {
      return single.doOnNext(this::count);
    }
    return Flux.from(body).doOnNext(this::count);
  }

  private void count(DataBuffer buffer) {
    record.addResponseBytes(buffer.readableByteCount());
  }
}
