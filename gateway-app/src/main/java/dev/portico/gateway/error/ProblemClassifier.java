package dev.portico.gateway.error;

import dev.portico.auth.spring.AccessDeniedException;
import dev.portico.auth.spring.AuthenticationFailedException;
import dev.portico.gateway.mesh.SpiffeIdMismatchException;
import dev.portico.gateway.server.MalformedBodyGuard;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

/**
 * Decides which problem a failure on the request path is. Pure function of the exception and its
 * causes; the detail it produces never names internal classes.
 */
public final class ProblemClassifier {

  private ProblemClassifier() {}

  /**
   * The client went away (closed or reset its connection) before the response was sent: there is
   * nobody left to answer, and it is not Portico's failure.
   */
  public static boolean isClientAbort(Throwable error) {
    return find(error, reactor.netty.channel.AbortedException.class) != null;
  }

  /**
   * A failure whose cause chain shows the connection could not be established: refused, timed out,
   * no route, unknown host, or a failed TLS handshake (no request reached the upstream's handler).
   */
  public static boolean isConnectFailure(Throwable error) {
    return tlsFailureReason(error) != null
        || find(error, ConnectException.class) != null
        || find(error, ConnectTimeoutException.class) != null
        || find(error, NoRouteToHostException.class) != null
        || find(error, UnknownHostException.class) != null;
  }

  /**
   * Why a TLS handshake with the upstream failed, or null when {@code error} is no TLS failure:
   * {@code spiffe-id-mismatch} (its SVID names an ID the mesh rule does not accept), {@code
   * untrusted-certificate} (its chain does not lead to the trust bundle) or {@code handshake} (any
   * other, e.g. the upstream refused Portico's certificate).
   */
  public static String tlsFailureReason(Throwable error) {
    if (find(error, SpiffeIdMismatchException.class) != null) {
      return "spiffe-id-mismatch";
    }
    if (find(error, SSLException.class) == null) {
      return null;
    }
    return find(error, CertificateException.class) != null ? "untrusted-certificate" : "handshake";
  }

  /** A failure where the upstream connection closed or reset before a complete response. */
  public static boolean isReset(Throwable error) {
    return !isConnectFailure(error)
        && (find(error, PrematureCloseException.class) != null
            || find(error, IOException.class) != null);
  }

  public static GatewayProblem classify(Throwable error, String method, String path) {
    if (error instanceof GatewayProblem problem) {
      return problem;
    }
    if (error instanceof AuthenticationFailedException failed) {
      return new GatewayProblem(
          failed.status() == 503
              ? ProblemType.AUTHENTICATION_UNAVAILABLE
              : ProblemType.UNAUTHENTICATED,
          failed.getMessage());
    }
    if (error instanceof AccessDeniedException denied) {
      return new GatewayProblem(ProblemType.FORBIDDEN, denied.getMessage());
    }
    if (error instanceof MethodNotAllowedException) {
      return new GatewayProblem(
          ProblemType.METHOD_NOT_ALLOWED,
          "The route for " + path + " does not accept " + method + ".");
    }
    if (error instanceof ResponseStatusException status) {
      int code = status.getStatusCode().value();
      if (code == 404) {
        return new GatewayProblem(
            ProblemType.NO_ROUTE, "No route matches " + method + " " + path + ".");
      }
      if (code == 504) {
        return new GatewayProblem(
            ProblemType.UPSTREAM_TIMEOUT, "The upstream did not answer in time.");
      }
      if (code == 413) {
        return new GatewayProblem(
            ProblemType.BODY_TOO_LARGE, "The request body is larger than this route accepts.");
      }
      ProblemType type = ProblemType.forStatus(code);
      return new GatewayProblem(type, code >= 500 ? type.title() + "." : safeReason(status));
    }
    if (find(error, MalformedBodyGuard.MalformedRequestBodyException.class) != null) {
      return new GatewayProblem(
          ProblemType.BAD_REQUEST, "The request body is malformed; it was not forwarded.", error);
    }
    String tls = tlsFailureReason(error);
    if (tls != null) {
      return tls.equals("spiffe-id-mismatch")
          ? new GatewayProblem(
              ProblemType.UPSTREAM_IDENTITY_MISMATCH,
              "The upstream presented an identity this route does not accept.",
              error)
          : new GatewayProblem(
              ProblemType.UPSTREAM_TLS_FAILED,
              "No TLS connection to the upstream could be made.",
              error);
    }
    if (isConnectFailure(error)) {
      return new GatewayProblem(
          ProblemType.UPSTREAM_UNREACHABLE, "No connection to the upstream could be made.", error);
    }
    if (find(error, PoolAcquireTimeoutException.class) != null
        || find(error, PoolAcquirePendingLimitException.class) != null) {
      return new GatewayProblem(
          ProblemType.UPSTREAM_BUSY,
          "Too many requests are waiting for an upstream connection.",
          error);
    }
    if (find(error, TimeoutException.class) != null) {
      return new GatewayProblem(
          ProblemType.UPSTREAM_TIMEOUT, "The upstream did not answer in time.", error);
    }
    if (isReset(error)) {
      return new GatewayProblem(
          ProblemType.UPSTREAM_RESET,
          "The upstream closed the connection before answering.",
          error);
    }
    return new GatewayProblem(
        ProblemType.INTERNAL, "The gateway failed to handle the request.", error);
  }

  private static String safeReason(ResponseStatusException status) {
    String reason = status.getReason();
    return reason == null
        ? ProblemType.forStatus(status.getStatusCode().value()).title() + "."
        : reason;
  }

  static <T extends Throwable> T find(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
