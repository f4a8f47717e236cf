package dev.portico.config.routing;

import dev.portico.config.model.Regex;
import dev.portico.config.model.RouteMatch;
import dev.portico.config.model.ValueMatch;
import java.util.ArrayList;
import java.util.List;

/** Builds route entries for index tests; the payload is the route id. */
final class TestRoute {

  private final String path;
  private List<String> hosts = List.of();
  private List<String> methods = List.of();
  private final List<ValueMatch> headers = new ArrayList<>();
  private final List<ValueMatch> query = new ArrayList<>();

  private TestRoute(String path) {
    this.path = path;
  }

  static TestRoute path(String path) {
    return new TestRoute(path);
  }

  TestRoute hosts(String... hosts) {
    this.hosts = List.of(hosts);
    return this;
  }

  TestRoute methods(String... methods) {
    this.methods = List.of(methods);
    return this;
  }

  TestRoute headerEquals(String name, String value) {
    headers.add(new ValueMatch(name, value, null, null));
    return this;
  }

  TestRoute headerRegex(String name, String regex) {
    headers.add(new ValueMatch(name, null, Regex.compile(regex), null));
    return this;
  }

  TestRoute headerPresent(String name, boolean present) {
    headers.add(new ValueMatch(name, null, null, present));
    return this;
  }

  TestRoute queryEquals(String name, String value) {
    query.add(new ValueMatch(name, value, null, null));
    return this;
  }

  TestRoute queryPresent(String name, boolean present) {
    query.add(new ValueMatch(name, null, null, present));
    return this;
  }

  RouteEntry<String> as(String id) {
    RouteMatch match = new RouteMatch(path, hosts, methods, headers, query);
    return new RouteEntry<>(id, RouteConditions.compile(match), id);
  }
}
