package dev.portico.gateway.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The one place that reads request figures for the console's overview: cumulative request and error
 * counts and latency percentiles, overall and per route, from the per-route request timer. The
 * console turns counts into rates by polling. Thread-safe (reads the registry only).
 *
 * <p>The meter name and tag keys are those of the per-route request metric; they are kept here so
 * that aligning them with the metric's definition is a one-line change.
 */
final class TrafficFigures {

  /** Name of the per-route request timer (see docs/admin-console.md). */
  static final String REQUESTS = "portico.requests";

  /** Tag with the route id. */
  static final String ROUTE_TAG = "route";

  /** Tags that may carry the response status or its class (5xx counts as an error). */
  private static final List<String> STATUS_TAGS = List.of("status", "status_class", "outcome");

  /**
   * Figures of one route or of all.
   *
   * @param requests requests completed since start
   * @param errors those answered with a 5xx status
   * @param p50Ms median latency in ms from the timer's published percentiles, or null
   * @param p99Ms 99th percentile latency in ms, or null
   * @param meanMs mean latency in ms, or null without requests
   */
  record Figures(
      String route, long requests, long errors, Double p50Ms, Double p99Ms, Double meanMs) {}

  /** All figures at one instant. */
  record Sample(long atMillis, Figures total, List<Figures> routes) {}

  private final MeterRegistry registry;
  private final Clock clock;

  TrafficFigures(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  Sample sample() {
    Map<String, List<Timer>> byRoute = new TreeMap<>();
    for (Timer timer : registry.find(REQUESTS).timers()) {
      String route = timer.getId().getTag(ROUTE_TAG);
      byRoute.computeIfAbsent(route == null ? "-" : route, r -> new ArrayList<>()).add(timer);
    }
    List<Figures> routes = new ArrayList<>();
    List<Timer> all = new ArrayList<>();
    byRoute.forEach(
        (route, timers) -> {
          routes.add(figures(route, timers));
          all.addAll(timers);
        });
    return new Sample(clock.millis(), figures("*", all), routes);
  }

  /**
   * Combines the timers of one route: counts add up; the mean is weighted by count; a percentile is
   * the count-weighted mean of the timers' percentiles (an approximation when a route's requests
   * are split over several status tags).
   */
  private static Figures figures(String route, List<Timer> timers) {
    long count = 0;
    long errors = 0;
    double totalMs = 0;
    double p50 = 0;
    double p99 = 0;
    long withPercentiles = 0;
    for (Timer timer : timers) {
      HistogramSnapshot snapshot = timer.takeSnapshot();
      long n = snapshot.count();
      count += n;
      totalMs += snapshot.total(TimeUnit.MILLISECONDS);
      if (isError(timer)) {
        errors += n;
      }
      Double t50 = percentile(snapshot, 0.5);
      Double t99 = percentile(snapshot, 0.99);
      if (t50 != null && t99 != null && n > 0) {
        p50 += t50 * n;
        p99 += t99 * n;
        withPercentiles += n;
      }
    }
    return new Figures(
        route,
        count,
        errors,
        withPercentiles == 0 ? null : p50 / withPercentiles,
        withPercentiles == 0 ? null : p99 / withPercentiles,
        count == 0 ? null : totalMs / count);
  }

  private static boolean isError(Timer timer) {
    for (String tag : STATUS_TAGS) {
      String value = timer.getId().getTag(tag);
      if (value != null && (value.startsWith("5") || value.equals("SERVER_ERROR"))) {
        return true;
      }
    }
    return false;
  }

  private static Double percentile(HistogramSnapshot snapshot, double which) {
    for (ValueAtPercentile p : snapshot.percentileValues()) {
      if (Math.abs(p.percentile() - which) < 1e-9) {
        return p.value(TimeUnit.MILLISECONDS);
      }
    }
    return null;
  }
}
