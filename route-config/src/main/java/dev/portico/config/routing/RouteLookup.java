package dev.portico.config.routing;

import java.util.Set;

/** The outcome of a route lookup. */
public sealed interface RouteLookup<T> {

  /** A route takes the request. */
  record Found<T>(RouteEntry<T> entry) implements RouteLookup<T> {}

  /** Routes match everything but the method; {@code allowed} lists the methods they take. */
  record MethodNotAllowed<T>(Set<String> allowed) implements RouteLookup<T> {}

  /** No route matches. */
  record NotFound<T>() implements RouteLookup<T> {}
}
