package dev.portico.testing.redis;

import dev.portico.testing.LoopbackPorts;
import dev.portico.testing.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} process on a free loopback port, for tests. Started with persistence
 * off in its own temporary directory; {@link #kill} ends it abruptly (SIGKILL, as a crash would),
 * {@link #start} brings it back on the same port, and {@link #close} stops it by PID. Not
 * thread-safe; one test class owns an instance.
 */
public final class RedisServer implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(15);

  private final int port;
  private final Path directory;
  private final List<String> extraArguments;
  private Process process;

  private RedisServer(int port, Path directory, List<String> extraArguments) {
    this.port = port;
    this.directory = directory;
    this.extraArguments = extraArguments;
  }

  /** Starts a standalone server. */
  public static RedisServer startStandalone() {
    RedisServer server = create(List.of());
    server.start();
    return server;
  }

  /** Starts a node with cluster mode enabled (not yet part of a cluster). */
  static RedisServer startClusterNode() {
    RedisServer server =
        create(
            List.of(
                "--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", "2000"));
    server.start();
    return server;
  }

  private static RedisServer create(List<String> extraArguments) {
    try {
      return new RedisServer(
          LoopbackPorts.freeTcpPort(), Files.createTempDirectory("portico-redis-"), extraArguments);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the process (again, after {@link #kill}) and waits until it answers PING. */
  public void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("redis-server on port " + port + " is already running");
    }
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "redis-server",
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            directory.toString(),
            "--logfile",
            directory.resolve("redis.log").toString()));
    command.addAll(extraArguments);
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
      Process started = process;
      // A test JVM that dies without closing the fixture still stops its server.
      Runtime.getRuntime()
          .addShutdownHook(new Thread(started::destroyForcibly, "redis-server-reaper"));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start redis-server (install it: apt-get install redis-server)", e);
    }
    awaitPing();
  }

  private void awaitPing() {
    Poll.every(Duration.ofMillis(20), STARTUP)
        .whileAlive(process, () -> log().strip())
        .until(
            "redis-server on port " + port + " to answer PING",
            () -> "PONG".equals(RespClient.command(port, "PING")));
  }

  /** Ends the process with SIGKILL, as a crash would, and waits until it is gone. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      awaitExit();
    }
  }

  /** The port it listens on (the same across restarts). */
  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:port}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Sends one command to this server. */
  public Object command(String... args) {
    try {
      return RespClient.command(port, args);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The server's log so far. */
  public String log() {
    try {
      Path log = directory.resolve("redis.log");
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroy();
      awaitExit();
    }
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
