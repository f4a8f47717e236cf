package dev.portico.gateway.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The one place that reads request figures for the console's overview, from Portico's per-route
 * request timer ({@code portico_requests_seconds{route, method, status}}): cumulative request and
 * error counts and the mean latency, overall and per route, and p50/p99 latencies over the last
 * {@link #WINDOW}, interpolated within the timer's fixed histogram buckets (as Prometheus's {@code
 * histogram_quantile} does). The console turns counts into rates by polling.
 *
 * <p>To compute windowed percentiles it keeps the bucket counts it read at most once a second for
 * the last two windows; thread-safe (sampling is serialized).
 */
final class TrafficFigures {

  /** Name of the per-route request timer (see docs/observability.md). */
  static final String REQUESTS = "portico.requests";

  /** Tag with the route id. */
  static final String ROUTE_TAG = "route";

  /** Tag with the status class ("2xx" … "5xx"); 5xx counts as an error. */
  static final String STATUS_TAG = "status";

  /** The span of time the percentiles describe. */
  static final Duration WINDOW = Duration.ofSeconds(15);

  private static final long KEEP_EVERY_MILLIS = 1_000;
  private static final String ALL = "*";

  /**
   * Figures of one route or of all.
   *
   * @param requests requests completed since start
   * @param errors those answered with a 5xx status
   * @param p50Ms median latency in ms over the last {@link #WINDOW}, or null without requests then
   * @param p99Ms 99th percentile latency in ms over the same window, or null
   * @param meanMs mean latency in ms since start, or null without requests
   */
  record Figures(
      String route, long requests, long errors, Double p50Ms, Double p99Ms, Double meanMs) {}

  /** All figures at one instant. */
  record Sample(long atMillis, Figures total, List<Figures> routes) {}

  private record Reading(long atMillis, Map<String, LatencyBuckets> buckets) {}

  /**
   * The cumulative figures of one route at one instant.
   *
   * @param requests requests completed since start
   * @param errors those answered with a 5xx status
   * @param buckets the latency histogram's cumulative bucket counts
   */
  record RouteReading(long requests, long errors, LatencyBuckets buckets) {}

  private final MeterRegistry registry;
  private final Clock clock;
  private final Deque<Reading> readings = new ArrayDeque<>();

  TrafficFigures(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  synchronized Sample sample() {
    long now = clock.millis();
    Map<String, List<Timer>> byRoute = new TreeMap<>();
    for (Timer timer : registry.find(REQUESTS).timers()) {
      String route = timer.getId().getTag(ROUTE_TAG);
      byRoute.computeIfAbsent(route == null ? "-" : route, r -> new ArrayList<>()).add(timer);
    }
    Reading base = baseline(now);
    Map<String, LatencyBuckets> buckets = new HashMap<>();
    List<Figures> routes = new ArrayList<>();
    List<Timer> all = new ArrayList<>();
    byRoute.forEach(
        (route, timers) -> {
          routes.add(figures(route, timers, base, buckets));
          all.addAll(timers);
        });
    Figures total = figures(ALL, all, base, buckets);
    remember(new Reading(now, buckets));
    return new Sample(now, total, routes);
  }

  /**
   * Every route's cumulative figures now, read from the request timer (for {@link RouteSeries});
   * keeps nothing.
   */
  Map<String, RouteReading> readRoutes() {
    Map<String, RouteReading> out = new TreeMap<>();
    for (Timer timer : registry.find(REQUESTS).timers()) {
      String tag = timer.getId().getTag(ROUTE_TAG);
      HistogramSnapshot snapshot = timer.takeSnapshot();
      long n = snapshot.count();
      RouteReading reading =
          new RouteReading(n, isError(timer) ? n : 0, LatencyBuckets.of(snapshot));
      out.merge(
          tag == null ? "-" : tag,
          reading,
          (a, b) ->
              new RouteReading(
                  a.requests() + b.requests(),
                  a.errors() + b.errors(),
                  a.buckets().plus(b.buckets())));
    }
    return out;
  }

  /**
   * The reading percentiles are counted from: the latest one at least a window old, or else the
   * oldest there is (a console that just started); none at the first sample (since start).
   */
  private Reading baseline(long now) {
    Reading chosen = null;
    for (Reading reading : readings) {
      if (reading.atMillis() <= now - WINDOW.toMillis()) {
        chosen = reading;
      }
    }
    if (chosen == null) {
      chosen = readings.peekFirst();
    }
    return chosen == null ? new Reading(now, Map.of()) : chosen;
  }

  private void remember(Reading reading) {
    Reading last = readings.peekLast();
    if (last == null || reading.atMillis() - last.atMillis() >= KEEP_EVERY_MILLIS) {
      readings.addLast(reading);
    }
    while (!readings.isEmpty()
        && readings.peekFirst().atMillis() < reading.atMillis() - 2 * WINDOW.toMillis()) {
      readings.removeFirst();
    }
  }

  /** Combines the timers of one route: counts add up, the mean is weighted by count. */
  private static Figures figures(
      String route, List<Timer> timers, Reading base, Map<String, LatencyBuckets> buckets) {
    long count = 0;
    long errors = 0;
    double totalMs = 0;
    LatencyBuckets histogram = LatencyBuckets.NONE;
    for (Timer timer : timers) {
      HistogramSnapshot snapshot = timer.takeSnapshot();
      long n = snapshot.count();
      count += n;
      totalMs += snapshot.total(TimeUnit.MILLISECONDS);
      if (isError(timer)) {
        errors += n;
      }
      histogram = histogram.plus(LatencyBuckets.of(snapshot));
    }
    buckets.put(route, histogram);
    LatencyBuckets before = base.buckets().getOrDefault(route, LatencyBuckets.NONE);
    return new Figures(
        route,
        count,
        errors,
        histogram.quantile(0.5, before),
        histogram.quantile(0.99, before),
        count == 0 ? null : totalMs / count);
  }

  private static boolean isError(Timer timer) {
    String status = timer.getId().getTag(STATUS_TAG);
    return status != null && status.startsWith("5");
  }
}
