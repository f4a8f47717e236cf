package dev.portico.gateway.accesslog;

import dev.portico.auth.Principal;
import dev.portico.auth.spring.AuthenticationFilter;
import dev.portico.gateway.error.ProblemErrorWebExceptionHandler;
import dev.portico.gateway.error.ProblemType;
import dev.portico.gateway.filter.RequestIdFilter;
import dev.portico.gateway.forwarded.TrustedProxies;
import dev.portico.gateway.routing.PorticoRouteHandlerMapping;
import dev.portico.gateway.snapshot.RuntimeRoute;
import dev.portico.gateway.snapshot.UpstreamEndpoint;
import dev.portico.gateway.snapshot.UpstreamGroup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Reads what the access log needs from a finished request: the request as the client sent it (path
 * before normalization, query redacted), the exchange attributes other filters set (request id,
 * trace, route, principal, endpoint, problem type) and the counted bytes. Never reads a header
 * other than User-Agent, so credentials cannot reach the log.
 */
final class AccessEvents {

  /** Set by the tracing filter, when tracing is on; absent otherwise. */
  static final String TRACE_ID_ATTR = "portico.traceId";

  static final String SPAN_ID_ATTR = "portico.spanId";

  /** EndpointSelectionFilter.ENDPOINT_ATTR: the endpoint of the last attempt. */
  static final String ENDPOINT_ATTR = "portico.endpoint";

  /** UpstreamSelector.CHOSEN_ATTR: the upstream a split or a discovered upstream chose. */
  static final String UPSTREAM_ATTR = "portico.upstreamGroup";

  static final int MAX_USER_AGENT = 512;

  private AccessEvents() {}

  static AccessEvent collect(
      ServerHttpRequest request,
      RequestRecord record,
      Instant started,
      long durationNanos,
      QueryRedactor redactor,
      TrustedProxies trustedProxies) {
    AccessEvent e = new AccessEvent();
    e.timestamp = started;
    e.durationNanos = durationNanos;
    URI uri = request.getURI();
    e.method = request.getMethod().name();
    e.path = uri.getRawPath();
    e.query = redactor.redact(uri.getRawQuery());
    e.httpVersion = httpVersion(request);
    e.userAgent = truncate(request.getHeaders().getFirst(HttpHeaders.USER_AGENT));
    e.requestBytes = record.requestBytes();
    e.responseBytes = record.responseBytes();
    InetSocketAddress remote = request.getRemoteAddress();
    if (remote != null && remote.getAddress() != null) {
      e.sourceIp = remote.getAddress().getHostAddress();
      e.sourcePort = remote.getPort();
    }
    String client = trustedProxies.clientAddress(request);
    e.clientIp = client.isEmpty() ? null : client;
    ServerWebExchange exchange = record.exchange();
    if (exchange != null) {
      fromExchange(exchange, e);
      e.upstreamNanos = record.upstreamNanos();
      e.attempts = record.attempts();
    }
    return e;
  }

  private static void fromExchange(ServerWebExchange exchange, AccessEvent e) {
    e.requestId = text(exchange.getAttribute(RequestIdFilter.REQUEST_ID_ATTR));
    e.traceId = text(exchange.getAttribute(TRACE_ID_ATTR));
    e.spanId = text(exchange.getAttribute(SPAN_ID_ATTR));
    if (exchange.getAttribute(PorticoRouteHandlerMapping.RUNTIME_ROUTE_ATTR)
        instanceof RuntimeRoute route) {
      e.routeId = route.id();
      e.upstreamName = route.config().upstream();
    }
    if (exchange.getAttribute(AuthenticationFilter.PRINCIPAL_ATTR) instanceof Principal p) {
      e.userName = p.subject();
      e.consumer = p.consumer();
      e.issuer = p.issuer();
      e.authKind = p.kind() == null ? null : p.kind().tag();
    }
    if (exchange.getAttribute(UPSTREAM_ATTR) instanceof UpstreamGroup group) {
      e.upstreamName = group.name();
    }
    if (exchange.getAttribute(ENDPOINT_ATTR) instanceof UpstreamEndpoint endpoint) {
      URI url = endpoint.url();
      e.upstreamUrl = url.toString();
      e.destinationAddress = url.getHost();
      e.destinationPort = url.getPort() >= 0 ? url.getPort() : defaultPort(url.getScheme());
    }
    if (exchange.getAttribute(ProblemErrorWebExceptionHandler.PROBLEM_TYPE_ATTR)
        instanceof ProblemType type) {
      e.problemType = type.uri();
    }
  }

  private static String text(Object value) {
    return value instanceof CharSequence chars && !chars.isEmpty() ? chars.toString() : null;
  }

  private static String truncate(String value) {
    return value == null || value.length() <= MAX_USER_AGENT
        ? value
        : value.substring(0, MAX_USER_AGENT);
  }

  private static Integer defaultPort(String scheme) {
    return "https".equalsIgnoreCase(scheme) ? 443 : 80;
  }

  /** {@code 1.1}, {@code 2}, … as ECS {@code http.version} wants; null when unknown. */
  static String httpVersion(ServerHttpRequest request) {
    Object nativeRequest;
    try {
      nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
    } catch (IllegalArgumentException notNative) {
      return null;
    }
    if (!(nativeRequest instanceof HttpServerRequest netty)) {
      return null;
    }
    return ecsVersion(netty.version().majorVersion(), netty.version().minorVersion());
  }

  static String ecsVersion(int major, int minor) {
    return major >= 2 ? Integer.toString(major) : major + "." + minor;
  }
}
