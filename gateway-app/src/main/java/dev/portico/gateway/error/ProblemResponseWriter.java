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

  /**
   * A complete HTTP/1.1 response carrying {@code problem}, with {@code Connection: close}, for the
   * few refusals made below the HTTP codec (before any request object exists).
   */
  public static byte[] http1Response(GatewayProblem problem) {
    byte[] body = json(problem, null, null).getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + problem.status().value()
            + " "
            + problem.status().getReasonPhrase()
            + "\r\ncontent-type: application/problem+json\r\ncache-control: no-store"
            + "\r\nconnection: close\r\ncontent-length: "
            + body.length
            + "\r\n\r\n";
    byte[] bytes = new byte[head.length() + body.length];
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(headBytes, 0, bytes, 0, headBytes.length);
    System.arraycopy(body, 0, bytes, headBytes.length, body.length);
    return bytes;
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
