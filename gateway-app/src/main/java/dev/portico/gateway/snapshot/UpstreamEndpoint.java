package dev.portico.gateway.snapshot;

import dev.portico.config.model.Endpoint;
import java.net.URI;

/**
 * One endpoint of an upstream, ready for use on the request path.
 *
 * @param index position within its upstream, used to remember which endpoints an attempt tried
 * @param endpoint the configured endpoint
 * @param basePath the URL's path without trailing slash, prepended to the forwarded path
 */
public record UpstreamEndpoint(int index, Endpoint endpoint, String basePath) {

  static UpstreamEndpoint of(int index, Endpoint endpoint) {
    String path = endpoint.url().getRawPath();
    String base = path == null || path.equals("/") ? "" : path.replaceAll("/+$", "");
    return new UpstreamEndpoint(index, endpoint, base);
  }

  /** The endpoint's configured weight. */
  public int weight() {
    return endpoint.weight();
  }

  public URI url() {
    return endpoint.url();
  }

  @Override
  public String toString() {
    return endpoint.url().toString();
  }
}
