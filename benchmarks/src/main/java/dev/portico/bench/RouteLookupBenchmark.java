package dev.portico.bench;

import dev.portico.config.routing.RouteIndex;
import dev.portico.config.routing.RouteLookup;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Average cost of one {@link RouteIndex#find} as the route table grows from 10 to 10,000 routes.
 *
 * <p>Each invocation takes the next of {@value #REQUESTS} pre-built requests (round-robin), spread
 * at random over every service in the table and over every route kind, with 20% misses, so neither
 * the branch predictor nor the caches see one hot path. The setup checks every request reaches the
 * route it aims at, so a broken index cannot look fast. Target: the 10,000-route figure within 2×
 * of the 10-route one. Three forks by default: on shared machines one fork's JIT decisions can move
 * a figure by half.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class RouteLookupBenchmark {

  /** A power of two, so the round-robin index is a mask. */
  static final int REQUESTS = 4096;

  @Param({"10", "1000", "10000"})
  int routes;

  /**
   * How requests spread over the table: {@code uniform} (the target's definition), or, with {@code
   * -p traffic=zipf,hot}, a skewed spread and a cache-resident control (see {@link
   * RouteSet.Traffic}).
   */
  @Param({"uniform"})
  String traffic;

  private RouteIndex<String> index;
  private BenchRequest[] requests;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    index = RouteIndex.build(RouteSet.routes(routes));
    int services = (routes + RouteSet.ROUTES_PER_SERVICE - 1) / RouteSet.ROUTES_PER_SERVICE;
    requests =
        RouteSet.requests(
            services, REQUESTS, 42L, RouteSet.Traffic.valueOf(traffic.toUpperCase(Locale.ROOT)));
    for (BenchRequest request : requests) {
      checkReachesExpectedRoute(request);
    }
    // A long-running gateway's route snapshot sits compacted in the old generation; collect now so
    // the first iterations do not measure a freshly allocated, young-generation index instead.
    System.gc();
  }

  private void checkReachesExpectedRoute(BenchRequest request) {
    RouteLookup<String> lookup = index.find(request);
    String actual = lookup instanceof RouteLookup.Found<String> found ? found.entry().id() : null;
    if (!Objects.equals(actual, request.expected())) {
      throw new IllegalStateException(
          request.method()
              + " "
              + request.host()
              + request.path()
              + " reached "
              + actual
              + ", expected "
              + request.expected()
              + " ("
              + lookup
              + ")");
    }
  }

  @Benchmark
  public RouteLookup<String> find() {
    BenchRequest request = requests[next];
    next = (next + 1) & (REQUESTS - 1);
    return index.find(request);
  }
}
