package dev.portico.gateway.error;

import static dev.portico.gateway.internal.JsonStrings.quote;

import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/** Writes an RFC 9457 {@code application/problem+json} body. */
public final class ProblemResponseWriter {

  public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

  private ProblemResponseWriter() {}

  public static Mono<Void> write(
      ServerHttpResponse response, GatewayProblem problem, String instance, String requestId) {
    response.setStatusCode(problem.status());
    HttpHeaders headers = response.getHeaders();
    headers.setContentType(PROBLEM_JSON);
    headers.setCacheControl("no-store");
    byte[] body = json(problem, instance, requestId).getBytes(StandardCharsets.UTF_8);
    headers.setContentLength(body.length);
    DataBuffer buffer = response.bufferFactory().wrap(body);
    return response.writeWith(Mono.just(buffer));
  }

  static String json(GatewayProblem problem, String instance, String requestId) {
    StringBuilder out = new StringBuilder(256);
    out.append("{\"type\":");
    quote(problem.type().uri(), out);
    out.append(",\"title\":");
    quote(problem.type().title(), out);
    out.append(",\"status\":").append(problem.status().value());
    out.append(",\"detail\":");
    quote(problem.getMessage(), out);
    if (instance != null) {
      out.append(",\"instance\":");
      quote(instance, out);
    }
    if (requestId != null) {
      out.append(",\"request_id\":");
      quote(requestId, out);
    }
    return out.append('}').toString();
  }
}
