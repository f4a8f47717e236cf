package dev.portico.gateway.metrics;

import dev.portico.gateway.routing.ManagementPort;
import java.net.InetSocketAddress;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.SignalType;

/**
 * Times every request of the public listener around the whole web handler, so the status recorded
 * is the one sent, including problem responses written by the exception handler after the filter
 * chain failed (a web filter would see the error before its status exists). The request's {@link
 * RequestRecording} travels down in the Reactor context to {@link RequestMetricsFilter}.
 */
final class RequestMetricsDecorator implements HttpHandlerDecoratorFactory {

  private final RequestMetrics metrics;
  private final ManagementPort managementPort;

  RequestMetricsDecorator(RequestMetrics metrics, ManagementPort managementPort) {
    this.metrics = metrics;
    this.managementPort = managementPort;
  }

  @Override
  public HttpHandler apply(HttpHandler handler) {
    return (request, response) -> {
      if (onManagementPort(request)) {
        return handler.handle(request, response);
      }
      RequestRecording recording =
          new RequestRecording(System.nanoTime(), Tags.method(request.getMethod()));
      return handler
          .handle(request, response)
          .doFinally(signal -> finished(recording, response, signal))
          .contextWrite(context -> context.put(RequestRecording.class, recording));
    };
  }

  private boolean onManagementPort(ServerHttpRequest request) {
    InetSocketAddress local = request.getLocalAddress();
    return local != null && managementPort.is(local.getPort());
  }

  private void finished(
      RequestRecording recording, ServerHttpResponse response, SignalType signal) {
    String route = recording.finish();
    String status;
    if (signal == SignalType.CANCEL) {
      status = "cancelled";
    } else {
      HttpStatusCode code = response.getStatusCode();
      status = Tags.statusClass(code == null ? 200 : code.value());
    }
    metrics.record(route, recording.method, status, System.nanoTime() - recording.startNanos);
  }
}
