package dev.portico.gateway.explain;

import dev.portico.auth.Principal;
import dev.portico.gateway.upstream.RequestFacts;
import java.util.List;

/**
 * What balancing reads of a simulated request: its headers, cookies (from its Cookie headers),
 * query, path and client address, the principal authentication found, and the caller's region.
 * Immutable.
 */
record SimulatedFacts(SimulatedRequest request, Principal principal, String callerRegion)
    implements RequestFacts {

  @Override
  public String header(String name) {
    return request.header(name);
  }

  @Override
  public String cookie(String name) {
    List<String> headers = request.headers("Cookie");
    for (String header : headers) {
      for (String pair : header.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
          String value = pair.substring(eq + 1).strip();
          return value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")
              ? value.substring(1, value.length() - 1)
              : value;
        }
      }
    }
    return null;
  }

  @Override
  public String query(String name) {
    return request.queryParam(name);
  }

  @Override
  public String path() {
    return request.path();
  }

  @Override
  public String clientIp() {
    return request.clientIp().isEmpty() ? null : request.clientIp();
  }
}
