package dev.portico.auth.spring;

import dev.portico.auth.ClientCertificate;
import dev.portico.auth.authz.AccessRequest;
import dev.portico.config.routing.HostPattern;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The {@link AccessRequest} view of an exchange. The header and query maps and the client address
 * are built on first use and kept.
 */
final class ExchangeAccessRequest implements AccessRequest {

  private final ServerWebExchange exchange;
  private final Function<ServerWebExchange, String> clientIp;
  private final Instant time;
  private Map<String, String> headers;
  private Map<String, String> query;
  private String ip;

  ExchangeAccessRequest(
      ServerWebExchange exchange, Function<ServerWebExchange, String> clientIp, Instant time) {
    this.exchange = exchange;
    this.clientIp = clientIp;
    this.time = time;
  }

  @Override
  public String method() {
    return exchange.getRequest().getMethod().name();
  }

  @Override
  public String path() {
    return exchange.getRequest().getURI().getRawPath();
  }

  /** As route matching sees it: the Host header (else the URI's host), normalized. */
  @Override
  public String host() {
    String host = exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST);
    return HostPattern.normalize(host != null ? host : exchange.getRequest().getURI().getHost());
  }

  @Override
  public Map<String, String> headers() {
    if (headers == null) {
      HttpHeaders all = exchange.getRequest().getHeaders();
      Map<String, String> map = new LinkedHashMap<>();
      for (String name : all.headerNames()) {
        List<String> values = all.getOrEmpty(name);
        map.merge(name.toLowerCase(Locale.ROOT), String.join(", ", values), (a, b) -> a + ", " + b);
      }
      headers = Collections.unmodifiableMap(map);
    }
    return headers;
  }

  @Override
  public Map<String, String> query() {
    if (query == null) {
      ServerHttpRequest request = exchange.getRequest();
      Map<String, String> map = new LinkedHashMap<>();
      request.getQueryParams().forEach((name, values) -> map.put(name, first(values)));
      query = Collections.unmodifiableMap(map);
    }
    return query;
  }

  @Override
  public String clientIp() {
    if (ip == null) {
      String resolved = clientIp.apply(exchange);
      ip = resolved == null ? "" : resolved;
    }
    return ip;
  }

  @Override
  public Instant time() {
    return time;
  }

  @Override
  public ClientCertificate clientCertificate() {
    return ClientCertificates.of(exchange).orElse(null);
  }

  private static String first(List<String> values) {
    return values.isEmpty() || values.get(0) == null ? "" : values.get(0);
  }
}
