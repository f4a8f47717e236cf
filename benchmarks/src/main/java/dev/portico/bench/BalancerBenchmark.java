package dev.portico.bench;

import dev.portico.traffic.Balancer;
import dev.portico.traffic.EndpointLoad;
import dev.portico.traffic.KeyHash;
import dev.portico.traffic.LocalityPlan;
import dev.portico.traffic.LocalityPolicy;
import dev.portico.traffic.MaglevTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
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
 * One load-balancing decision over 8 endpoints (weights 1–4), per balancer type, on one thread with
 * {@code ThreadLocalRandom}; the predicate rejects one endpoint (as "unhealthy") so the fallback
 * paths are exercised in proportion. Target: under 1 µs per decision.
 *
 * <ul>
 *   <li>{@code roundRobin}, {@code random}, {@code leastRequest} (in-flight counts 0–7), {@code
 *       leastRequestLatency} (plus latency EWMAs), {@code maglev} (precomputed key hashes);
 *   <li>{@code locality}: a {@link LocalityPlan} (zone at 75% health spills to the region) over
 *       round-robin balancers.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class BalancerBenchmark {

  /** One of the eight endpoints. */
  public record Node(String id, int weight, String zone) {}

  @Param({"roundRobin", "random", "leastRequest", "leastRequestLatency", "maglev", "locality"})
  public String type;

  private Balancer<Node> balancer;
  private LocalityPlan<Node> plan;
  private Predicate<Node> acceptable;
  private long[] hashes;
  private int next;

  @Setup
  public void setUp() {
    List<Node> nodes = new ArrayList<>();
    Map<Node, EndpointLoad> loads = new HashMap<>();
    for (int i = 0; i < 8; i++) {
      Node node = new Node("10.0.0." + i + ":8080", 1 + i % 4, i < 4 ? "eu-west-1a" : "eu-west-1b");
      nodes.add(node);
      EndpointLoad load = new EndpointLoad();
      for (int r = 0; r < i; r++) {
        load.started();
      }
      load.finished(1_000_000L * (i + 1), true);
      loads.put(node, load);
    }
    Node unhealthy = nodes.get(3);
    acceptable = node -> node != unhealthy;
    balancer =
        switch (type) {
          case "roundRobin" -> Balancer.roundRobin(nodes, Node::weight);
          case "random" -> Balancer.random(nodes, Node::weight);
          case "leastRequest" -> Balancer.leastRequest(nodes, Node::weight, loads::get, false);
          case "leastRequestLatency" ->
              Balancer.leastRequest(nodes, Node::weight, loads::get, true);
          case "maglev" -> Balancer.maglev(MaglevTable.build(nodes, Node::id, Node::weight));
          case "locality" -> null;
          default -> throw new IllegalArgumentException("unknown balancer type " + type);
        };
    if (balancer == null) {
      plan =
          new LocalityPolicy("eu-west", "eu-west-1a", List.of())
              .plan(
                  nodes,
                  node -> "eu-west",
                  Node::zone,
                  acceptable,
                  level -> Balancer.roundRobin(level, Node::weight));
    }
    hashes = new long[4096];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = KeyHash.hash("user-" + i);
    }
  }

  @Benchmark
  public Node choose() {
    long hash = hashes[next];
    next = (next + 1) & 4095;
    if (plan != null) {
      return plan.choose(ThreadLocalRandom.current().nextDouble(), hash, acceptable);
    }
    return balancer.choose(hash, acceptable);
  }
}
