package dev.portico.gateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's request meters, one series per route id, method and status class:
 *
 * <ul>
 *   <li>{@code portico_requests_seconds{route, method, status}} (timer with {@link LatencyBuckets}
 *       histogram): every request of the public listener, from its arrival to the last byte of the
 *       response, including the ones Portico answers itself (401, 403, 404, 413, 429, 503 …).
 *       {@code route="unmatched"} for requests no route took; {@code status} is the status class
 *       ({@code 2xx} …) or {@code cancelled} when the client went away before the response ended;
 *   <li>{@code portico_requests_active{route, method}} (gauge): requests a route is handling now.
 * </ul>
 *
 * Meters are created on first use and cached; route ids come from the configuration, so the number
 * of series is bounded by it. Thread-safe.
 */
public final class RequestMetrics {

  static final String REQUESTS = "portico.requests";
  static final String ACTIVE = "portico.requests.active";

  /** The route tag of requests that matched no route (404, 405, refused paths, login endpoints). */
  public static final String UNMATCHED = "unmatched";

  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

  public RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(String route, String method, String status, long nanos) {
    timers
        .computeIfAbsent(
            route + '\u0000' + method + '\u0000' + status,
            k ->
                Timer.builder(REQUESTS)
                    .description("Requests of the public listener, by route, method and status")
                    .tag("route", route)
                    .tag("method", method)
                    .tag("status", status)
                    .serviceLevelObjectives(LatencyBuckets.SLO)
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The in-flight counter of a route and method; its gauge is registered on first use. */
  AtomicInteger active(String route, String method) {
    return active.computeIfAbsent(
        route + '\u0000' + method,
        k -> {
          AtomicInteger count = new AtomicInteger();
          Gauge.builder(ACTIVE, count, AtomicInteger::get)
              .description("Requests a route is handling now")
              .tag("route", route)
              .tag("method", method)
              .strongReference(true)
              .register(registry);
          return count;
        });
  }
}
