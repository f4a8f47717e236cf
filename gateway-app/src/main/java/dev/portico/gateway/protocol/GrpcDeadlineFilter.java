package dev.portico.gateway.protocol;

import dev.portico.gateway.error.GatewayProblem;
import dev.portico.gateway.error.GrpcProblemWriter;
import dev.portico.gateway.error.ProblemType;
import dev.portico.gateway.filter.FilterOrder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Holds a gRPC call to the deadline its client sent in {@code grpc-timeout}: the whole upstream
 * exchange — every attempt and the streamed response — must finish within it, or Portico ends it
 * with DEADLINE_EXCEEDED (counted in {@code portico_grpc_deadlines_exceeded_total}). The route's
 * {@code timeout} still bounds the wait for each attempt's response headers, so the effective wait
 * is the shorter of the two. Stateless apart from the counter; thread-safe.
 */
public final class GrpcDeadlineFilter implements GlobalFilter, Ordered {

  private final Counter exceeded;

  public GrpcDeadlineFilter(MeterRegistry meters) {
    this.exceeded =
        Counter.builder("portico.grpc.deadlines.exceeded")
            .description("gRPC calls Portico ended because their grpc-timeout passed")
            .register(meters);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    if (!GrpcProblemWriter.isGrpc(exchange.getRequest())) {
      return chain.filter(exchange);
    }
    Duration deadline =
        GrpcTimeout.parse(exchange.getRequest().getHeaders().getFirst("grpc-timeout"));
    if (deadline == null) {
      return chain.filter(exchange);
    }
    return chain
        .filter(exchange)
        .timeout(
            deadline,
            Mono.defer(
                () -> {
                  exceeded.increment();
                  return Mono.error(
                      new GatewayProblem(
                          ProblemType.UPSTREAM_TIMEOUT,
                          "The call's deadline (grpc-timeout "
                              + deadline.toMillis()
                              + "ms) passed."));
                }));
  }

  @Override
  public int getOrder() {
    return FilterOrder.GRPC_DEADLINE;
  }
}
