package dev.portico.gateway.error;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/**
 * Answers a {@link GatewayProblem} in gRPC form, for gRPC callers that cannot read problem+json: a
 * trailers-only response (HTTP 200, {@code content-type: application/grpc}, no body) whose {@code
 * grpc-status} is the gRPC code closest to the problem and whose {@code grpc-message} is the
 * problem's detail, percent-encoded as the gRPC wire format asks. Stateless.
 */
public final class GrpcProblemWriter {

  /** The content type of gRPC requests and of the answers written here. */
  public static final String GRPC_CONTENT_TYPE = "application/grpc";

  private GrpcProblemWriter() {}

  /**
   * Whether the request is a gRPC call: its content type is {@code application/grpc} or a subtype
   * such as {@code application/grpc+proto}. gRPC-Web ({@code application/grpc-web}) is not.
   */
  public static boolean isGrpc(ServerHttpRequest request) {
    String type = request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
    if (type == null || !type.regionMatches(true, 0, GRPC_CONTENT_TYPE, 0, 16)) {
      return false;
    }
    return type.length() == 16 || type.charAt(16) == '+' || type.charAt(16) == ';';
  }

  /** Writes the trailers-only answer; the body stays empty. */
  public static Mono<Void> write(ServerHttpResponse response, GatewayProblem problem) {
    response.setStatusCode(HttpStatus.OK);
    HttpHeaders headers = response.getHeaders();
    headers.set(HttpHeaders.CONTENT_TYPE, GRPC_CONTENT_TYPE);
    headers.set("grpc-status", Integer.toString(code(problem.type())));
    headers.set("grpc-message", percentEncode(problem.getMessage()));
    headers.remove(HttpHeaders.CONTENT_LENGTH);
    return response.setComplete();
  }

  /**
   * The gRPC status code for a problem (see docs/protocols.md). Follows gRPC's HTTP-to-status
   * mapping where it fits, and names refusals more precisely where Portico knows more (429 is
   * RESOURCE_EXHAUSTED, an upstream timeout DEADLINE_EXCEEDED).
   */
  public static int code(ProblemType type) {
    return switch (type) {
      case UNAUTHENTICATED, CLIENT_CERTIFICATE_REQUIRED -> 16; // UNAUTHENTICATED
      case FORBIDDEN, CSRF_REJECTED, CLIENT_CERTIFICATE_NOT_ACCEPTED -> 7; // PERMISSION_DENIED
      case RATE_LIMITED, BODY_TOO_LARGE -> 8; // RESOURCE_EXHAUSTED
      case NO_ROUTE, NOT_FOUND, METHOD_NOT_ALLOWED, UNSUPPORTED_TRANSFER_CODING ->
          12; // UNIMPLEMENTED
      case BAD_REQUEST, INVALID_PATH, INVALID_HOST, OBSOLETE_LINE_FOLDING -> 3; // INVALID_ARGUMENT
      case UPSTREAM_TIMEOUT, REQUEST_HEAD_TIMEOUT -> 4; // DEADLINE_EXCEEDED
      case CONFLICT -> 10; // ABORTED
      case AUTHENTICATION_UNAVAILABLE,
          RATE_LIMIT_STORE_UNAVAILABLE,
          UPSTREAM_UNREACHABLE,
          UPSTREAM_RESET,
          UPSTREAM_TLS_FAILED,
          UPSTREAM_IDENTITY_MISMATCH,
          NO_ENDPOINTS,
          UPSTREAM_BUSY ->
          14; // UNAVAILABLE
      case INTERNAL -> 13; // INTERNAL
    };
  }

  /** Percent-encodes the bytes gRPC does not allow as they are in grpc-message (and '%'). */
  static String percentEncode(String message) {
    if (message == null) {
      return "";
    }
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c >= 0x20 && c <= 0x7e && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
