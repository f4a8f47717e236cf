package dev.portico.config.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A request for route lookups: header names ignore case, as {@link RequestView} requires. */
final class TestRequest implements RequestView {

  private final String method;
  private final String path;
  private String host = "";
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private final Map<String, List<String>> query = new LinkedHashMap<>();

  private TestRequest(String method, String path) {
    this.method = method;
    this.path = path;
  }

  static TestRequest get(String path) {
    return new TestRequest("GET", path);
  }

  static TestRequest request(String method, String path) {
    return new TestRequest(method, path);
  }

  TestRequest host(String host) {
    this.host = HostPattern.normalize(host);
    return this;
  }

  TestRequest header(String name, String value) {
    headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(value);
    return this;
  }

  TestRequest query(String name, String value) {
    query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    return this;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public List<String> headers(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  @Override
  public List<String> queryParams(String name) {
    return query.getOrDefault(name, List.of());
  }
}
