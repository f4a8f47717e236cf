package dev.portico.testing.redis;

import dev.portico.testing.Poll;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster of three masters (no replicas) on loopback, formed with {@code redis-cli
 * --cluster create}. Waits until every node reports {@code cluster_state:ok}; {@link #close} stops
 * every process by PID.
 */
public final class RedisCluster implements AutoCloseable {

  private static final Duration FORMING = Duration.ofSeconds(30);

  private final List<RedisServer> nodes;

  private RedisCluster(List<RedisServer> nodes) {
    this.nodes = nodes;
  }

  /** Starts three cluster-mode servers and joins them into one cluster covering all slots. */
  public static RedisCluster startThreeMasters() {
    List<RedisServer> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        nodes.add(RedisServer.startClusterNode());
      }
      RedisCluster cluster = new RedisCluster(List.copyOf(nodes));
      cluster.create();
      cluster.awaitOk();
      return cluster;
    } catch (RuntimeException e) {
      nodes.forEach(RedisServer::close);
      throw e;
    }
  }

  private void create() {
    List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    nodes.forEach(node -> command.add("127.0.0.1:" + node.port()));
    command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (process.waitFor() != 0) {
        throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run redis-cli (install it: apt-get install redis-tools)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void awaitOk() {
    Poll.every(Duration.ofMillis(50), FORMING)
        .until(
            "the cluster to reach cluster_state:ok",
            () -> nodes.stream().allMatch(RedisCluster::reportsOk));
  }

  private static boolean reportsOk(RedisServer node) {
    try {
      Object info = RespClient.command(node.port(), "CLUSTER", "INFO");
      return info instanceof String text && text.contains("cluster_state:ok");
    } catch (IOException e) {
      return false;
    }
  }

  /** The nodes, in creation order. */
  public List<RedisServer> nodes() {
    return nodes;
  }

  /** The nodes' addresses ({@code redis://127.0.0.1:port}). */
  public List<String> uris() {
    return nodes.stream().map(RedisServer::uri).collect(Collectors.toList());
  }

  /** The port of the master that owns {@code key}'s slot. */
  public int ownerOf(String key) {
    long slot = (Long) nodes.get(0).command("CLUSTER", "KEYSLOT", key);
    for (RedisServer node : nodes) {
      @SuppressWarnings("unchecked")
      List<Object> slots = (List<Object>) node.command("CLUSTER", "SLOTS");
      for (Object range : slots) {
        List<?> r = (List<?>) range;
        if ((Long) r.get(0) <= slot && slot <= (Long) r.get(1)) {
          return ((Long) ((List<?>) r.get(2)).get(1)).intValue();
        }
      }
    }
    throw new IllegalStateException("no node owns slot " + slot);
  }

  @Override
  public void close() {
    nodes.forEach(RedisServer::close);
  }
}
