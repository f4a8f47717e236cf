package dev.portico.auth.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Removes identity headers a client tries to smuggle into the mesh ({@code X-Portico-*} by default)
 * from every request, before routing, so only Portico sets them. The request is copied only when it
 * actually carries such a header.
 */
public final class StripHeadersWebFilter implements WebFilter {

  private final Supplier<List<String>> patterns;

  /**
   * @param patterns current strip patterns: header names, or prefixes ending in {@code *}
   */
  public StripHeadersWebFilter(Supplier<List<String>> patterns) {
    this.patterns = patterns;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    List<String> names = matching(exchange.getRequest().getHeaders(), patterns.get());
    if (names.isEmpty()) {
      return chain.filter(exchange);
    }
    ServerHttpRequest request =
        exchange.getRequest().mutate().headers(h -> names.forEach(h::remove)).build();
    return chain.filter(exchange.mutate().request(request).build());
  }

  static List<String> matching(HttpHeaders headers, List<String> patterns) {
    List<String> names = new ArrayList<>(0);
    for (String name : headers.headerNames()) {
      String lower = name.toLowerCase(Locale.ROOT);
      for (String pattern : patterns) {
        String p = pattern.toLowerCase(Locale.ROOT);
        boolean match =
            p.endsWith("*") ? lower.startsWith(p.substring(0, p.length() - 1)) : lower.equals(p);
        if (match) {
          names.add(name);
          break;
        }
      }
    }
    return names;
  }
}
