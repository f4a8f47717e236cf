package dev.portico.gateway.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import reactor.netty.http.client.PrematureCloseException;

class ProblemClassifierTest {

  private static ProblemType typeOf(Throwable error) {
    return ProblemClassifier.classify(error, "GET", "/x").type();
  }

  @Test
  void connectionFailuresAreUnreachable() {
    assertThat(typeOf(new ConnectException("refused"))).isEqualTo(ProblemType.UPSTREAM_UNREACHABLE);
    assertThat(typeOf(new ConnectTimeoutException("slow")))
        .isEqualTo(ProblemType.UPSTREAM_UNREACHABLE);
    assertThat(typeOf(new IllegalStateException("wrapped", new ConnectException("refused"))))
        .isEqualTo(ProblemType.UPSTREAM_UNREACHABLE);
  }

  @Test
  void tlsHandshakeFailuresAreConnectFailuresWithTheirOwnTypes() {
    var mismatch = new javax.net.ssl.SSLHandshakeException("refused");
    mismatch.initCause(
        new dev.portico.gateway.mesh.SpiffeIdMismatchException("spiffe://a/b not accepted"));
    var refused = new javax.net.ssl.SSLHandshakeException("Received fatal alert: bad_certificate");

    assertThat(typeOf(mismatch)).isEqualTo(ProblemType.UPSTREAM_IDENTITY_MISMATCH);
    assertThat(ProblemClassifier.tlsFailureReason(mismatch)).isEqualTo("spiffe-id-mismatch");
    assertThat(typeOf(refused)).isEqualTo(ProblemType.UPSTREAM_TLS_FAILED);
    assertThat(ProblemClassifier.tlsFailureReason(refused)).isEqualTo("handshake");
    assertThat(ProblemClassifier.isConnectFailure(refused)).isTrue();
    assertThat(ProblemClassifier.isReset(refused)).isFalse();
    assertThat(ProblemClassifier.tlsFailureReason(new IOException("reset"))).isNull();
  }

  @Test
  void prematureCloseAndIoErrorsAreResets() {
    assertThat(typeOf(PrematureCloseException.TEST_EXCEPTION))
        .isEqualTo(ProblemType.UPSTREAM_RESET);
    assertThat(typeOf(new IOException("Connection reset by peer")))
        .isEqualTo(ProblemType.UPSTREAM_RESET);
  }

  @Test
  void timeoutsAre504() {
    assertThat(typeOf(new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT)))
        .isEqualTo(ProblemType.UPSTREAM_TIMEOUT);
    assertThat(typeOf(new TimeoutException())).isEqualTo(ProblemType.UPSTREAM_TIMEOUT);
  }

  @Test
  void noHandlerIsNoRoute() {
    GatewayProblem problem =
        ProblemClassifier.classify(
            new ResponseStatusException(HttpStatus.NOT_FOUND), "POST", "/a/b");
    assertThat(problem.type()).isEqualTo(ProblemType.NO_ROUTE);
    assertThat(problem.getMessage()).isEqualTo("No route matches POST /a/b.");
  }

  @Test
  void methodNotAllowedIs405() {
    assertThat(typeOf(new MethodNotAllowedException(HttpMethod.PUT, List.of(HttpMethod.GET))))
        .isEqualTo(ProblemType.METHOD_NOT_ALLOWED);
  }

  @Test
  void clientAbortsAreRecognizedSoTheyAreNotReportedAsGatewayFailures() {
    assertThat(
            ProblemClassifier.isClientAbort(new reactor.netty.channel.AbortedException("closed")))
        .isTrue();
    assertThat(
            ProblemClassifier.isClientAbort(
                new IllegalStateException(new reactor.netty.channel.AbortedException("x"))))
        .isTrue();
    assertThat(ProblemClassifier.isClientAbort(new ConnectException("refused"))).isFalse();
  }

  @Test
  void anythingElseIsAnInternalErrorWhoseDetailHidesTheCause() {
    GatewayProblem problem =
        ProblemClassifier.classify(new NullPointerException("secret internals"), "GET", "/x");
    assertThat(problem.type()).isEqualTo(ProblemType.INTERNAL);
    assertThat(problem.getMessage()).doesNotContain("secret").doesNotContain("NullPointer");
  }

  @Test
  void problemJsonEscapesAndCarriesTheRequestId() {
    String json =
        ProblemResponseWriter.json(
            new GatewayProblem(ProblemType.BAD_REQUEST, "bad \"quote\"\n"), "/p", "id-1");
    assertThat(json)
        .isEqualTo(
            "{\"type\":\"https://portico.dev/problems/bad-request\",\"title\":\"Bad request\",\"status\":400,"
                + "\"detail\":\"bad \\\"quote\\\"\\u000a\",\"instance\":\"/p\",\"request_id\":\"id-1\"}");
  }
}
