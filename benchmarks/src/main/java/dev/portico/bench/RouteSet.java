package dev.portico.bench;

import dev.portico.config.model.RouteMatch;
import dev.portico.config.model.ValueMatch;
import dev.portico.config.routing.RouteConditions;
import dev.portico.config.routing.RouteEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A synthetic but realistic route table and the requests that exercise it.
 *
 * <p>Routes come in groups of {@value #ROUTES_PER_SERVICE} per service {@code s}, the shape of a
 * typical API gateway configuration: an exact health path, two templates, a catch-all prefix, and
 * one route with extra conditions that rotates between a wildcard host, a method plus header
 * condition (a canary) and an exact host, so that even the 10-route table pays every fixed cost of
 * a lookup (the wildcard-host probe, header checks). Requests are drawn at random over all
 * services, each aimed at one route kind; one in five misses every route (an unknown service, or an
 * unknown top-level path).
 */
final class RouteSet {

  static final int ROUTES_PER_SERVICE = 5;
  private static final String API_HOST = "api.example.com";

  private RouteSet() {}

  /** {@code count} routes (rounded up to whole services), in file order. */
  static List<RouteEntry<String>> routes(int count) {
    List<RouteEntry<String>> routes = new ArrayList<>(count + ROUTES_PER_SERVICE);
    for (int s = 0; routes.size() < count; s++) {
      String base = "/svc" + s;
      routes.add(route("health-" + s, match(base + "/health", List.of(), List.of("GET"))));
      routes.add(route("user-" + s, match(base + "/users/{id}", List.of(), List.of())));
      routes.add(
          route(
              "orders-" + s,
              match(base + "/users/{id}/orders/{orderId}", List.of(), List.of("GET", "POST"))));
      routes.add(route("all-" + s, match(base + "/**", List.of(), List.of())));
      routes.add(route(conditionedId(s), conditioned(s, base)));
    }
    return routes;
  }

  private static String conditionedId(int s) {
    return switch (s % 3) {
      case 0 -> "tenant-" + s;
      case 1 -> "canary-" + s;
      default -> "host-" + s;
    };
  }

  private static RouteMatch conditioned(int s, String base) {
    return switch (s % 3) {
      case 0 -> match(base + "/api/**", List.of("*.t" + s + ".example.com"), List.of());
      case 1 ->
          new RouteMatch(
              base + "/users/{id}",
              List.of(),
              List.of("POST"),
              List.of(new ValueMatch("X-Canary", "1", null, null)),
              List.of());
      default -> match(base + "/**", List.of("svc" + s + ".example.com"), List.of());
    };
  }

  /** How requests spread over the services of the table. */
  enum Traffic {
    /** Every service equally likely: the working set is the whole table (the default). */
    UNIFORM,
    /**
     * Zipf (s = 1) over the services in a shuffled order: a few services take most requests, as API
     * traffic usually does.
     */
    ZIPF,
    /**
     * Only the first two services, whatever the table size: the caches hold what a lookup touches,
     * so this isolates the index's own cost from memory latency.
     */
    HOT
  }

  /** {@code count} requests over the table's {@code services} services, reproducible per seed. */
  static BenchRequest[] requests(int services, int count, long seed, Traffic traffic) {
    Random random = new Random(seed);
    ServicePicker picker = ServicePicker.of(traffic, services, random);
    BenchRequest[] requests = new BenchRequest[count];
    for (int i = 0; i < count; i++) {
      int s = picker.next();
      int id = random.nextInt(1_000_000);
      requests[i] = request(s, id, random.nextInt(10), services);
    }
    return requests;
  }

  private static BenchRequest request(int s, int id, int kind, int services) {
    String base = "/svc" + s;
    return switch (kind) {
      case 0 -> BenchRequest.get(API_HOST, base + "/health", "health-" + s);
      case 1, 2 -> BenchRequest.get(API_HOST, base + "/users/" + id, "user-" + s);
      case 3 ->
          BenchRequest.get(API_HOST, base + "/users/" + id + "/orders/" + (id % 97), "orders-" + s);
      case 4, 5 -> BenchRequest.get(API_HOST, base + "/catalog/items/" + id, "all-" + s);
      case 6 -> conditionedRequest(s, id, base);
      case 7 -> BenchRequest.get(API_HOST, base + "/users/" + id + "/", "all-" + s);
      case 8 -> BenchRequest.get(API_HOST, "/svc" + (services + s) + "/users/" + id, null);
      default -> BenchRequest.get(API_HOST, "/unknown/v1/items/" + id, null);
    };
  }

  private static BenchRequest conditionedRequest(int s, int id, String base) {
    return switch (s % 3) {
      case 0 ->
          BenchRequest.get("eu.t" + s + ".example.com", base + "/api/items/" + id, "tenant-" + s);
      case 1 ->
          new BenchRequest(
              "POST",
              API_HOST,
              base + "/users/" + id,
              Map.of("x-canary", List.of("1")),
              "canary-" + s);
      default -> BenchRequest.get("svc" + s + ".example.com", base + "/users/" + id, "host-" + s);
    };
  }

  private static RouteMatch match(String path, List<String> hosts, List<String> methods) {
    return new RouteMatch(path, hosts, methods, List.of(), List.of());
  }

  private static RouteEntry<String> route(String id, RouteMatch match) {
    return new RouteEntry<>(id, RouteConditions.compile(match), id);
  }
}
