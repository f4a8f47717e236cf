package dev.portico.gateway.filter;

import dev.portico.gateway.snapshot.SnapshotHolder;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Puts the request id into the headers of the upstream request. Done while the upstream headers are
 * assembled rather than by rewriting the incoming request, which would copy all its headers.
 */
public final class RequestIdHeadersFilter implements HttpHeadersFilter, Ordered {

  private final SnapshotHolder snapshots;

  public RequestIdHeadersFilter(SnapshotHolder snapshots) {
    this.snapshots = snapshots;
  }

  @Override
  public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
    String id = exchange.getAttribute(RequestIdFilter.REQUEST_ID_ATTR);
    if (id == null) {
      return input;
    }
    String header = snapshots.current().config().gateway().requestId().header();
    if (id.equals(input.getFirst(header))) {
      return input;
    }
    HttpHeaders out = new HttpHeaders();
    out.putAll(input);
    out.set(header, id);
    return out;
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE - 100;
  }
}
