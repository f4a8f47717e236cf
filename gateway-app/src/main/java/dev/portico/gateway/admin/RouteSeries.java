package dev.portico.gateway.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * Per-route time series for the console's route detail: every {@link #INTERVAL} it reads each
 * route's cumulative figures from Portico's request histogram ({@link TrafficFigures#readRoutes})
 * and keeps, per route, the last {@link #POINTS} points of what happened in between: requests per
 * second, the share answered with 5xx, and p50/p99 latency interpolated within the histogram's
 * buckets (as the overview computes its figures). Memory is bounded by routes × {@link #POINTS}.
 * Thread-safe; sampling and reading are serialized and short (no I/O).
 */
final class RouteSeries implements AutoCloseable {

  /** Time between points. */
  static final Duration INTERVAL = Duration.ofSeconds(5);

  /** Points kept per route (ten minutes). */
  static final int POINTS = 120;

  /**
   * What one route did in one interval.
   *
   * @param atMillis the end of the interval
   * @param requests requests completed in the interval
   * @param requestsPerSecond requests completed per second
   * @param errorRate the share of them answered with a 5xx status, in [0, 1]; null without requests
   * @param p50Ms median latency in ms; null without requests
   * @param p99Ms 99th percentile latency in ms; null without requests
   */
  record Point(
      long atMillis,
      long requests,
      double requestsPerSecond,
      Double errorRate,
      Double p50Ms,
      Double p99Ms) {}

  /** One route's points, oldest first. */
  record Series(String route, long intervalSeconds, List<Point> points) {}

  private final TrafficFigures traffic;
  private final Clock clock;
  private final Map<String, Deque<Point>> series = new HashMap<>();
  private Map<String, TrafficFigures.RouteReading> last = Map.of();
  private long lastAt = -1;
  private Disposable schedule;

  RouteSeries(TrafficFigures traffic, Clock clock) {
    this.traffic = traffic;
    this.clock = clock;
  }

  /** Samples now and then every {@link #INTERVAL} on {@code scheduler}, until {@link #close}. */
  synchronized RouteSeries start(Scheduler scheduler) {
    schedule =
        scheduler.schedulePeriodically(this::sample, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Reads every route's figures and appends a point per route for the time since the last. */
  synchronized void sample() {
    long now = clock.millis();
    Map<String, TrafficFigures.RouteReading> readings = traffic.readRoutes();
    if (lastAt >= 0 && now > lastAt) {
      double seconds = (now - lastAt) / 1000.0;
      readings.forEach(
          (route, reading) -> {
            TrafficFigures.RouteReading before =
                last.getOrDefault(
                    route, new TrafficFigures.RouteReading(0, 0, LatencyBuckets.NONE));
            long requests = reading.requests() - before.requests();
            long errors = reading.errors() - before.errors();
            Point point =
                new Point(
                    now,
                    requests,
                    requests / seconds,
                    requests > 0 ? errors / (double) requests : null,
                    reading.buckets().quantile(0.5, before.buckets()),
                    reading.buckets().quantile(0.99, before.buckets()));
            Deque<Point> points = series.computeIfAbsent(route, r -> new ArrayDeque<>());
            points.addLast(point);
            while (points.size() > POINTS) {
              points.removeFirst();
            }
          });
    }
    last = readings;
    lastAt = now;
  }

  /** The points of {@code route}, oldest first; empty when it has had no requests yet. */
  synchronized Series series(String route) {
    Deque<Point> points = series.get(route);
    return new Series(
        route, INTERVAL.toSeconds(), points == null ? List.of() : List.copyOf(points));
  }

  /** Whether {@code route} has points. */
  synchronized boolean known(String route) {
    return series.containsKey(route);
  }

  @Override
  public synchronized void close() {
    if (schedule != null) {
      schedule.dispose();
    }
  }
}
