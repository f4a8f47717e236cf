package dev.portico.gateway.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * One of Spring Cloud Gateway's headers filters, run only when the headers hold something it would
 * change. Those filters copy every header into a new map on every request, even when there is
 * nothing to remove or add (a request without hop-by-hop or forwarding headers, a call that is not
 * gRPC); the copies cost about a twentieth of a proxied request's CPU time. When {@code needed}
 * finds nothing, the input is passed on as it is, which is what the filter would have returned a
 * copy of; otherwise the filter runs unchanged. Keeps the filter's order and types. Thread-safe.
 */
final class CopyWhenNeededHeadersFilter implements HttpHeadersFilter, Ordered {

  private final HttpHeadersFilter filter;
  private final Predicate<HttpHeaders> needed;

  CopyWhenNeededHeadersFilter(HttpHeadersFilter filter, Predicate<HttpHeaders> needed) {
    this.filter = filter;
    this.needed = needed;
  }

  /**
   * The filters, in the same order, with Spring Cloud Gateway's copying ones wrapped (hop-by-hop
   * and gRPC request headers) or left out: its filters that remove {@code Forwarded} and {@code
   * X-Forwarded-*} headers, because {@link dev.portico.gateway.forwarded.ForwardedHeadersFilter}
   * leaves out the same headers while it makes its own copy.
   */
  static List<HttpHeadersFilter> wrap(List<HttpHeadersFilter> filters) {
    List<HttpHeadersFilter> wrapped = new ArrayList<>(filters.size());
    for (HttpHeadersFilter filter : filters) {
      if (!(filter instanceof RemoveForwardedHeadersFilter
          || filter instanceof RemoveXForwardedHeadersFilter)) {
        wrapped.add(wrap(filter));
      }
    }
    return List.copyOf(wrapped);
  }

  static HttpHeadersFilter wrap(HttpHeadersFilter filter) {
    if (filter instanceof RemoveHopByHopHeadersFilter hopByHop) {
      // Looked up by name (hashed), not by listing the names: the request's headers build a new
      // set of names on every listing. Connection is one of the names, so its options count too.
      List<String> removed = List.copyOf(hopByHop.getHeaders());
      return new CopyWhenNeededHeadersFilter(filter, headers -> containsAny(headers, removed));
    }
    if (filter instanceof GRPCRequestHeadersFilter) {
      return new CopyWhenNeededHeadersFilter(filter, CopyWhenNeededHeadersFilter::isGrpc);
    }
    return filter;
  }

  private static boolean containsAny(HttpHeaders headers, List<String> names) {
    for (String name : names) {
      if (headers.containsHeader(name)) {
        return true;
      }
    }
    return false;
  }

  /** As Spring Cloud Gateway decides it: the content type starts with application/grpc. */
  private static boolean isGrpc(HttpHeaders headers) {
    String type = headers.getFirst(HttpHeaders.CONTENT_TYPE);
    return type != null && type.regionMatches(true, 0, "application/grpc", 0, 16);
  }

  @Override
  public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
    return needed.test(input) ? filter.filter(input, exchange) : input;
  }

  @Override
  public boolean supports(Type type) {
    return filter.supports(type);
  }

  @Override
  public int getOrder() {
    return filter instanceof Ordered ordered ? ordered.getOrder() : Ordered.LOWEST_PRECEDENCE;
  }

  @Override
  public String toString() {
    return "CopyWhenNeeded(" + filter + ")";
  }
}
