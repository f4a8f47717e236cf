package dev.portico.bench;

import dev.portico.traffic.KeyHash;
import dev.portico.traffic.MaglevTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
 * Maglev consistent hashing ({@link MaglevTable}, 65,537 slots).
 *
 * <ul>
 *   <li>{@code lookup}: one {@code table[hash mod size]} on one thread, with key hashes computed
 *       beforehand (4,096 keys, round-robin). Target: at least 20 million per second.
 *   <li>{@code lookupAcceptable}: the same through {@code lookup(hash, predicate)} with every
 *       endpoint acceptable, the path the gateway takes.
 *   <li>{@code hashAndLookup}: {@link KeyHash#hash} of a 36-character key, then the lookup.
 *   <li>{@code rebuild}: building the table, e.g. after an endpoint change. Target: at most 20 ms
 *       for 1,000 endpoints.
 * </ul>
 */
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class MaglevBenchmark {

  private static final Predicate<Object> ANY = e -> true;

  @Param({"10", "1000"})
  public int endpoints;

  private List<String> ids;
  private MaglevTable<String> table;
  private long[] hashes;
  private String[] keys;
  private int next;

  @Setup
  public void setUp() {
    ids = new ArrayList<>();
    for (int i = 0; i < endpoints; i++) {
      ids.add("10.0." + (i / 250) + "." + (i % 250) + ":8080");
    }
    table = MaglevTable.build(ids, id -> id, id -> 1);
    hashes = new long[4096];
    keys = new String[4096];
    for (int i = 0; i < hashes.length; i++) {
      keys[i] = "session-" + Integer.toHexString(i * 7919) + "-0123456789abcdef0123";
      hashes[i] = KeyHash.hash(keys[i]);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public String lookup() {
    long hash = hashes[next];
    next = (next + 1) & 4095;
    return table.lookup(hash);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public String lookupAcceptable() {
    long hash = hashes[next];
    next = (next + 1) & 4095;
    return table.lookup(hash, ANY);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public String hashAndLookup() {
    String key = keys[next];
    next = (next + 1) & 4095;
    return table.lookup(KeyHash.hash(key));
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public MaglevTable<String> rebuild() {
    return MaglevTable.build(ids, id -> id, id -> 1);
  }
}
