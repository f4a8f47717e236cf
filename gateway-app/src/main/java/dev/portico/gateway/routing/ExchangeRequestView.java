package dev.portico.gateway.routing;

import dev.portico.config.routing.HostPattern;
import dev.portico.config.routing.RequestView;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** Route matching's view of a WebFlux request. Cheap: reads the request in place. */
final class ExchangeRequestView implements RequestView {

  private final ServerHttpRequest request;
  private final String method;

  /**
   * @param method the method to match with; for a CORS preflight, the method it asks about
   */
  ExchangeRequestView(ServerHttpRequest request, String method) {
    this.request = request;
    this.method = method;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String host() {
    String host = request.getHeaders().getFirst(HttpHeaders.HOST);
    return HostPattern.normalize(host != null ? host : request.getURI().getHost());
  }

  @Override
  public String path() {
    return request.getPath().value();
  }

  @Override
  public List<String> headers(String name) {
    return request.getHeaders().getOrEmpty(name);
  }

  @Override
  public List<String> queryParams(String name) {
    List<String> values = request.getQueryParams().get(name);
    return values == null ? List.of() : values;
  }
}
