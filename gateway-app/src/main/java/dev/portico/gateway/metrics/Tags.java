package dev.portico.gateway.metrics;

import java.util.Set;
import org.springframework.http.HttpMethod;

/** Bounded tag values shared by the request and upstream meters. */
final class Tags {

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

  private Tags() {}

  /** The method name for the standard methods, {@code OTHER} for any extension method. */
  static String method(HttpMethod method) {
    String name = method.name();
    return METHODS.contains(name) ? name : "OTHER";
  }

  /** {@code 1xx} … {@code 5xx}; anything outside 100..599 counts as {@code 5xx}. */
  static String statusClass(int status) {
    return switch (status / 100) {
      case 1 -> "1xx";
      case 2 -> "2xx";
      case 3 -> "3xx";
      case 4 -> "4xx";
      default -> "5xx";
    };
  }
}
