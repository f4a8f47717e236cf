package dev.portico.gateway.explain;

import dev.portico.auth.authz.AccessRequest;
import dev.portico.config.routing.HostPattern;
import dev.portico.config.routing.RequestView;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request described rather than received, for {@link Explainer}: method, path with optional
 * query, headers and client address. Both views of it (route matching and authorization) read the
 * same normalized path. Immutable.
 */
public final class SimulatedRequest implements RequestView, AccessRequest {

  private final String method;
  private final String path;
  private final Map<String, List<String>> headers;
  private final Map<String, List<String>> query;
  private final String clientIp;
  private final Instant time;

  /**
   * @param method e.g. GET (any case)
   * @param path the normalized path, without the query
   * @param rawQuery the query string without {@code ?}, or null
   * @param headers header name (any case) to values
   * @param clientIp the client's address, or "" when it does not matter
   */
  public SimulatedRequest(
      String method,
      String path,
      String rawQuery,
      Map<String, List<String>> headers,
      String clientIp,
      Instant time) {
    this.method = method.toUpperCase(Locale.ROOT);
    this.path = path;
    Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (name, values) ->
            byName.computeIfAbsent(name, n -> new ArrayList<>()).addAll(List.copyOf(values)));
    this.headers = Collections.unmodifiableMap(byName);
    this.query = parseQuery(rawQuery);
    this.clientIp = clientIp == null ? "" : clientIp;
    this.time = time;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String host() {
    List<String> host = headers("Host");
    return HostPattern.normalize(host.isEmpty() ? null : host.get(0));
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public List<String> headers(String name) {
    return headers.getOrDefault(name, List.of());
  }

  @Override
  public List<String> queryParams(String name) {
    return query.getOrDefault(name, List.of());
  }

  @Override
  public Map<String, String> headers() {
    Map<String, String> joined = new LinkedHashMap<>();
    headers.forEach(
        (name, values) -> joined.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
    return joined;
  }

  @Override
  public Map<String, String> query() {
    Map<String, String> first = new LinkedHashMap<>();
    query.forEach((name, values) -> first.put(name, values.isEmpty() ? "" : values.get(0)));
    return first;
  }

  @Override
  public String clientIp() {
    return clientIp;
  }

  @Override
  public Instant time() {
    return time;
  }

  /** The first value of a header, or null. */
  String header(String name) {
    List<String> values = headers(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /** The first value of a query parameter, or null. */
  String queryParam(String name) {
    List<String> values = queryParams(name);
    return values.isEmpty() ? null : values.get(0);
  }

  private static Map<String, List<String>> parseQuery(String rawQuery) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return params;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
