package dev.portico.gateway.accesslog;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Flux;

/** Counts the request body bytes read, whoever reads them (the proxy, a body-size check). */
final class CountingRequest extends ServerHttpRequestDecorator {

  private final RequestRecord record;

  CountingRequest(ServerHttpRequest delegate, RequestRecord record) {
    super(delegate);
    this.record = record;
  }

  RequestRecord record() {
    return record;
  }

  @Override
  public Flux<DataBuffer> getBody() {
    return super.getBody().doOnNext(buffer -> record.addRequestBytes(buffer.readableByteCount()));
  }
}
