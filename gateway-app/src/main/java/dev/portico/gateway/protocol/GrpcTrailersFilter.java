package dev.portico.gateway.protocol;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR;

import dev.portico.gateway.error.GrpcProblemWriter;
import dev.portico.gateway.filter.FilterOrder;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Passes a gRPC upstream's trailers ({@code grpc-status}, {@code grpc-message}, {@code
 * grpc-status-details-bin} and any custom ones) on to the client as they came, after the streamed
 * response body. Spring Cloud Gateway alone would send a {@code grpc-status} taken from the
 * response headers (0 when the upstream put it in the trailers), hiding a status such as an error
 * after some streamed messages. A trailers-only upstream answer (status in the headers, no body)
 * reaches the client with its status in the headers and again in the trailers. Stateless;
 * thread-safe.
 */
public final class GrpcTrailersFilter implements GlobalFilter, Ordered {

  private static final String GRPC_STATUS = "grpc-status";
  private static final List<String> STATUS_HEADERS =
      List.of(GRPC_STATUS, "grpc-message", "grpc-status-details-bin");

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    if (!GrpcProblemWriter.isGrpc(exchange.getRequest())) {
      return chain.filter(exchange);
    }
    // After the routing filter has the upstream response headers, before the body is written.
    return chain.filter(exchange).then(Mono.fromRunnable(() -> relayTrailers(exchange)));
  }

  private static void relayTrailers(ServerWebExchange exchange) {
    HttpClientResponse upstream = exchange.getAttribute(CLIENT_RESPONSE_ATTR);
    if (upstream == null) {
      return;
    }
    Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse());
    if (!(nativeResponse instanceof HttpServerResponse client)) {
      return;
    }
    // The upstream's trailers arrive with its last frame, before its body completes, so they are
    // known when the server writes the client's last frame and calls the consumer.
    AtomicReference<io.netty.handler.codec.http.HttpHeaders> trailers = new AtomicReference<>();
    upstream.trailerHeaders().subscribe(trailers::set);
    io.netty.handler.codec.http.HttpHeaders headers = upstream.responseHeaders();
    client.trailerHeaders(
        out -> {
          io.netty.handler.codec.http.HttpHeaders received = trailers.get();
          if (received != null && received.contains(GRPC_STATUS)) {
            received.forEach(entry -> out.add(entry.getKey(), entry.getValue()));
            return;
          }
          // A trailers-only answer carries its status in the headers. The client's response has
          // its headers out already, so the status must follow again as trailers: gRPC clients
          // read a stream that ends without trailers as an INTERNAL error.
          for (String name : STATUS_HEADERS) {
            String value = headers.get(name);
            if (value != null) {
              out.set(name, value);
            }
          }
        });
  }

  @Override
  public int getOrder() {
    return FilterOrder.GRPC_TRAILERS;
  }
}
