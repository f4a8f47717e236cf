package dev.portico.auth.spring;

import java.util.ArrayList;
import java.util.List;
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

  /**
   * The request's header names that match a pattern, compared ignoring case without allocating (it
   * runs for every request): a pattern ending in {@code *} is a prefix, any other a whole name.
   */
  static List<String> matching(HttpHeaders headers, List<String> patterns) {
    List<String> names = List.of();
    for (String name : headers.headerNames()) {
      for (String pattern : patterns) {
        int last = pattern.length() - 1;
        boolean match =
            last >= 0 && pattern.charAt(last) == '*'
                ? name.regionMatches(true, 0, pattern, 0, last)
                : name.equalsIgnoreCase(pattern);
        if (match) {
          if (names.isEmpty()) {
            names = new ArrayList<>(2);
          }
          names.add(name);
          break;
        }
      }
    }
    return names;
  }
}
