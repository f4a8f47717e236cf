package dev.portico.gateway.mesh;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Removes {@code l5d-dst-override} from every request sent upstream, on every route: a client must
 * not steer Linkerd's routing inside the mesh. A {@code mesh.sidecar} upstream with {@code mesh:
 * linkerd} sets its own value after this filter ran.
 */
public final class MeshHeadersFilter implements HttpHeadersFilter, Ordered {

  @Override
  public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
    if (!input.containsHeader(MeshTransport.LINKERD_OVERRIDE)) {
      return input;
    }
    HttpHeaders out = new HttpHeaders();
    out.putAll(input);
    out.remove(MeshTransport.LINKERD_OVERRIDE);
    return out;
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE - 50;
  }
}
