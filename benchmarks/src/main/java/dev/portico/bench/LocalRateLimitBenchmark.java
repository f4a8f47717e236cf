package dev.portico.bench;

import dev.portico.config.model.Rate;
import dev.portico.ratelimit.LimitSet;
import dev.portico.ratelimit.LocalRateLimiter;
import dev.portico.ratelimit.RateDecision;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Local rate-limit decisions ({@link LocalRateLimiter#decide}) on one thread with the real clock
 * ({@code System.nanoTime}). Target: at least 5 million decisions per second on one core.
 *
 * <ul>
 *   <li>{@code keys}: how many distinct keys the requests spread over (1: one hot key; 10,000: a
 *       realistic spread of clients, each key's state mostly out of cache);
 *   <li>{@code limits}: one limit ({@code 1000/s}) or two ({@code 1000/s} and {@code 50000/h}).
 * </ul>
 *
 * <p>Keys are pre-built strings, as the gateway builds one per request before deciding.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class LocalRateLimitBenchmark {

  @Param({"1", "10000"})
  public int keys;

  @Param({"1", "2"})
  public int limits;

  private LocalRateLimiter limiter;
  private LimitSet set;
  private String[] names;
  private int next;

  @Setup
  public void setUp() {
    limiter = new LocalRateLimiter(1_000_000, System::nanoTime);
    List<Rate> rates =
        limits == 1
            ? List.of(Rate.parse("1000/s"))
            : List.of(Rate.parse("1000/s"), Rate.parse("50000/h"));
    set = LimitSet.of("bench", rates, 100);
    names = new String[keys];
    for (int i = 0; i < keys; i++) {
      names[i] = "bench\u001f\u001f10.0." + (i / 256) + "." + (i % 256);
    }
  }

  @Benchmark
  public RateDecision decide() {
    String key = names[next];
    next = next + 1 == names.length ? 0 : next + 1;
    return limiter.decide(key, set);
  }
}
