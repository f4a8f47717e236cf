package dev.portico.gateway.error;

import dev.portico.auth.spring.AuthenticationFailedException;
import dev.portico.gateway.filter.RequestIdFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Turns every failure on the public listener into an RFC 9457 problem response, or for gRPC calls
 * into a trailers-only gRPC status ({@link GrpcProblemWriter}): never a stack trace, never an
 * internal class name. Unexpected errors (500) are logged with their stack trace and request id;
 * expected upstream failures are logged at debug level.
 */
@Order(-2)
public final class ProblemErrorWebExceptionHandler implements ErrorWebExceptionHandler {

  /** Exchange attribute: the {@link ProblemType} the gateway answered with, for the access log. */
  public static final String PROBLEM_TYPE_ATTR = "portico.problemType";

  private static final Logger log = LoggerFactory.getLogger(ProblemErrorWebExceptionHandler.class);

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    ServerHttpRequest request = exchange.getRequest();
    String path = request.getPath().value();
    if (ProblemClassifier.isClientAbort(error)) {
      log.debug("Client closed the connection during {} {}", request.getMethod(), path);
      return Mono.empty();
    }
    GatewayProblem problem = ProblemClassifier.classify(error, request.getMethod().name(), path);
    String requestId = exchange.getAttribute(RequestIdFilter.REQUEST_ID_ATTR);
    if (problem.type() == ProblemType.INTERNAL) {
      log.error("Request {} {} (id {}) failed", request.getMethod(), path, requestId, error);
    } else if (log.isDebugEnabled()) {
      log.debug(
          "Request {} {} (id {}) answered with {}",
          request.getMethod(),
          path,
          requestId,
          problem.type(),
          error);
    }
    if (exchange.getResponse().isCommitted()) {
      // Headers are out already; the best we can do is cut the connection so the client sees a
      // truncated response instead of a silently short one.
      return Mono.error(error);
    }
    exchange.getAttributes().put(PROBLEM_TYPE_ATTR, problem.type());
    HttpHeaders headers = exchange.getResponse().getHeaders();
    if (error instanceof MethodNotAllowedException notAllowed) {
      headers.setAllow(notAllowed.getSupportedMethods());
    }
    if (error instanceof AuthenticationFailedException failed) {
      failed
          .challenges()
          .forEach(challenge -> headers.add(HttpHeaders.WWW_AUTHENTICATE, challenge));
      if (failed.status() == 503) {
        headers.set(HttpHeaders.RETRY_AFTER, "5");
      }
    }
    // The one place that picks the form: gRPC clients read grpc-status, not problem+json.
    if (GrpcProblemWriter.isGrpc(request)) {
      return GrpcProblemWriter.write(exchange.getResponse(), problem);
    }
    return ProblemResponseWriter.write(exchange.getResponse(), problem, path, requestId);
  }
}
