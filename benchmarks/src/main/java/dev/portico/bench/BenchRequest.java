package dev.portico.bench;

import dev.portico.config.routing.RequestView;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pre-built request for route lookup benchmarks, with the id of the route it should reach ({@code
 * null} when it should miss). Header names compare case-insensitively without allocating, as a
 * server's header map would. Immutable.
 */
record BenchRequest(
    String method, String host, String path, Map<String, List<String>> headerMap, String expected)
    implements RequestView {

  BenchRequest {
    TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(headerMap);
    headerMap = headers;
  }

  static BenchRequest get(String host, String path, String expected) {
    return new BenchRequest("GET", host, path, Map.of(), expected);
  }

  @Override
  public List<String> headers(String name) {
    return headerMap.getOrDefault(name, List.of());
  }

  @Override
  public List<String> queryParams(String name) {
    return List.of();
  }
}
