package dev.portico.gateway.admin;

import dev.portico.gateway.error.GatewayProblem;
import dev.portico.gateway.error.ProblemResponseWriter;
import dev.portico.gateway.error.ProblemType;
import java.util.Map;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** JSON in and out of the admin API; errors as RFC 9457 problems. */
final class AdminJson {

  /** The largest request body the admin API reads (a configuration file with room to spare). */
  static final int MAX_BODY = 2 * 1024 * 1024;

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private AdminJson() {}

  static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, Object body) {
    byte[] bytes = MAPPER.writeValueAsBytes(body);
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    response.getHeaders().setCacheControl("no-store");
    response.getHeaders().setContentLength(bytes.length);
    return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(bytes)));
  }

  static Mono<Void> problem(ServerWebExchange exchange, ProblemType type, String detail) {
    return ProblemResponseWriter.write(
        exchange.getResponse(),
        new GatewayProblem(type, detail),
        exchange.getRequest().getPath().value(),
        null);
  }

  /** The request body as a JSON object; an empty body is an empty object. */
  @SuppressWarnings("unchecked")
  static Mono<Map<String, Object>> body(ServerWebExchange exchange) {
    return DataBufferUtils.join(exchange.getRequest().getBody(), MAX_BODY)
        .map(
            buffer -> {
              try {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                return (Map<String, Object>) MAPPER.readValue(bytes, Map.class);
              } finally {
                DataBufferUtils.release(buffer);
              }
            })
        .defaultIfEmpty(Map.of());
  }

  static String string(Map<String, Object> body, String key) {
    Object value = body.get(key);
    return value == null ? null : value.toString();
  }
}
