package dev.portico.gateway.health;

import java.net.URI;
import java.util.Locale;

/** The URL a check requests: the endpoint's base URL with the check path joined to its path. */
final class CheckTarget {

  private CheckTarget() {}

  /**
   * {@code http://10.0.0.5:8080/base} and {@code /health} give {@code
   * http://10.0.0.5:8080/base/health}; the endpoint's own query and fragment are dropped.
   *
   * @throws IllegalArgumentException naming the endpoint when it is not an absolute http(s) URL
   *     with a host
   */
  static URI of(String id, URI endpoint, HealthCheckSettings settings) {
    if (id == null || endpoint == null) {
      throw new IllegalArgumentException("health check endpoint '" + id + "' has no URL");
    }
    String scheme =
        endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
      throw new IllegalArgumentException(
          "health check endpoint '"
              + id
              + "': '"
              + endpoint
              + "' is not an http(s) URL with a host (expected e.g. http://10.0.0.5:8080)");
    }
    String base = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(scheme + "://" + endpoint.getRawAuthority() + base + settings.path());
  }
}
