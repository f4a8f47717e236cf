package dev.portico.gateway.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

class GrpcProblemWriterTest {

  @Test
  void grpcContentTypesAreGrpcCallsButGrpcWebAndOthersAreNot() {
    assertThat(isGrpc("application/grpc")).isTrue();
    assertThat(isGrpc("application/grpc+proto")).isTrue();
    assertThat(isGrpc("Application/GRPC;charset=utf-8")).isTrue();
    assertThat(isGrpc("application/grpc-web")).isFalse();
    assertThat(isGrpc("application/grpcx")).isFalse();
    assertThat(isGrpc("application/json")).isFalse();
    assertThat(isGrpc(null)).isFalse();
  }

  private static boolean isGrpc(String contentType) {
    var request = MockServerHttpRequest.post("/svc/Method");
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return GrpcProblemWriter.isGrpc(request.build());
  }

  @Test
  void refusalsMapToTheGrpcCodesClientsExpect() {
    assertThat(GrpcProblemWriter.code(ProblemType.UNAUTHENTICATED)).isEqualTo(16);
    assertThat(GrpcProblemWriter.code(ProblemType.FORBIDDEN)).isEqualTo(7);
    assertThat(GrpcProblemWriter.code(ProblemType.RATE_LIMITED)).isEqualTo(8);
    assertThat(GrpcProblemWriter.code(ProblemType.NO_ROUTE)).isEqualTo(12);
    assertThat(GrpcProblemWriter.code(ProblemType.UPSTREAM_UNREACHABLE)).isEqualTo(14);
    assertThat(GrpcProblemWriter.code(ProblemType.NO_ENDPOINTS)).isEqualTo(14);
    assertThat(GrpcProblemWriter.code(ProblemType.UPSTREAM_TIMEOUT)).isEqualTo(4);
    assertThat(GrpcProblemWriter.code(ProblemType.INTERNAL)).isEqualTo(13);
  }

  @Test
  void theAnswerIsTrailersOnlyWithStatus200AndAPercentEncodedMessage() {
    MockServerHttpResponse response = new MockServerHttpResponse();
    GrpcProblemWriter.write(
            response, new GatewayProblem(ProblemType.FORBIDDEN, "Caf\u00e9 100% closed"))
        .block();
    assertThat(response.getStatusCode().value()).isEqualTo(200);
    assertThat(response.getHeaders().getFirst("Content-Type")).isEqualTo("application/grpc");
    assertThat(response.getHeaders().getFirst("grpc-status")).isEqualTo("7");
    assertThat(response.getHeaders().getFirst("grpc-message")).isEqualTo("Caf%C3%A9 100%25 closed");
    assertThat(response.getBodyAsString().block()).isNullOrEmpty();
  }
}
