package dev.portico.testing.dns;

import dev.portico.testing.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code dnsmasq} process on a free loopback port (UDP and TCP), for tests. It is
 * authoritative for the {@code .test} domain only: a name there without records is NXDOMAIN, a name
 * elsewhere is REFUSED (no upstream servers). Every local answer carries the TTL given at start.
 *
 * <p>Records can change while it runs. dnsmasq re-reads its {@code --addn-hosts} file on SIGHUP but
 * not the {@code srv-host} lines of its main configuration, so {@link #setAddresses} rewrites the
 * hosts file and sends SIGHUP, while {@link #setSrv} rewrites the configuration and restarts the
 * process on the same port (a short outage). Both return only once the server answers with the new
 * records (checked through a marker name written with each change). {@link #stop}/{@link #start}
 * take it down and bring it back on the same port; {@link #close} stops it by PID. Not thread-safe;
 * one test class owns an instance.
 */
public final class DnsmasqServer implements AutoCloseable {

  /** One SRV record (RFC 2782) for {@link #setSrv}. */
  public record Srv(String target, int port, int priority, int weight) {}

  private static final Duration STARTUP = Duration.ofSeconds(10);

  private final int port;
  private final int ttlSeconds;
  private final Path directory;
  private final Map<String, List<String>> addresses = new LinkedHashMap<>();
  private final Map<String, List<Srv>> services = new LinkedHashMap<>();
  private int generation;
  private Process process;

  private DnsmasqServer(int port, int ttlSeconds, Path directory) {
    this.port = port;
    this.ttlSeconds = ttlSeconds;
    this.directory = directory;
  }

  /** Starts a server whose answers carry {@code ttlSeconds}, with no records yet. */
  public static DnsmasqServer start(int ttlSeconds) {
    try {
      DnsmasqServer server =
          new DnsmasqServer(freePort(), ttlSeconds, Files.createTempDirectory("portico-dnsmasq-"));
      server.writeFiles();
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sets the A/AAAA records of {@code name} (IPv4 and IPv6 literals; none removes the name) and
   * waits until the running server serves them.
   */
  public void setAddresses(String name, String... ips) {
    if (ips.length == 0) {
      addresses.remove(name);
    } else {
      addresses.put(name, List.of(ips));
    }
    writeFiles();
    signal("-HUP");
    awaitGeneration();
  }

  /** Sets the SRV records of {@code name} (none removes them), restarting the server. */
  public void setSrv(String name, Srv... records) {
    if (records.length == 0) {
      services.remove(name);
    } else {
      services.put(name, List.of(records));
    }
    writeFiles();
    stop();
    start();
  }

  /** Starts the process (again, after {@link #stop}) and waits until it answers. */
  public void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("dnsmasq on port " + port + " is already running");
    }
    try {
      process =
          new ProcessBuilder(command())
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("stdout.log").toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start dnsmasq (install it: apt-get install dnsmasq-base)", e);
    }
    awaitGeneration();
  }

  private List<String> command() {
    String binary =
        Files.isExecutable(Path.of("/usr/sbin/dnsmasq")) ? "/usr/sbin/dnsmasq" : "dnsmasq";
    return List.of(
        binary,
        "--keep-in-foreground",
        "--port=" + port,
        "--listen-address=127.0.0.1",
        "--bind-interfaces",
        "--no-resolv",
        "--no-hosts",
        "--local=/test/",
        "--conf-file=" + directory.resolve("dnsmasq.conf"),
        "--addn-hosts=" + directory.resolve("hosts"),
        "--local-ttl=" + ttlSeconds,
        "--pid-file=",
        "--user=" + System.getProperty("user.name"),
        "--log-facility=" + directory.resolve("dnsmasq.log"));
  }

  /** Stops the process (SIGTERM) and waits until it is gone; the port stays reserved for it. */
  public void stop() {
    if (process != null) {
      process.destroy();
      awaitExit();
    }
  }

  /** The UDP/TCP port it listens on (the same across restarts). */
  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:port}, the form name-server lists take. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** The server's log so far. */
  public String log() {
    try {
      Path log = directory.resolve("dnsmasq.log");
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Stops the process and deletes its files. */
  @Override
  public void close() {
    stop();
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }

  private void writeFiles() {
    generation++;
    StringBuilder hosts = new StringBuilder("127.0.0.1 ").append(marker()).append('\n');
    addresses.forEach((name, ips) -> ips.forEach(ip -> hosts.append(ip + " " + name + "\n")));
    StringBuilder conf = new StringBuilder();
    services.forEach(
        (name, records) ->
            records.forEach(
                r ->
                    conf.append(
                        String.format(
                            "srv-host=%s,%s,%d,%d,%d%n",
                            name, r.target(), r.port(), r.priority(), r.weight()))));
    replace(directory.resolve("hosts"), hosts.toString());
    replace(directory.resolve("dnsmasq.conf"), conf.toString());
  }

  /** Writes next to the file and renames, so dnsmasq never reads a half-written file. */
  private void replace(Path file, String content) {
    try {
      Path temporary = directory.resolve(file.getFileName() + ".tmp");
      Files.writeString(temporary, content);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String marker() {
    return "generation-" + generation + ".fixture.test";
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " dnsmasq failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Waits until the server answers the marker of the current generation of records. */
  private void awaitGeneration() {
    Poll.every(Duration.ofMillis(20), STARTUP)
        .whileAlive(process, this::output)
        .until(
            "dnsmasq on port " + port + " to serve " + marker(),
            () -> {
              DnsProbe.Reply reply = DnsProbe.ask(port, marker(), DnsProbe.A, 200);
              return reply != null && reply.rcode() == 0 && reply.answers() > 0;
            });
  }

  private String output() {
    try {
      Path out = directory.resolve("stdout.log");
      return (Files.exists(out) ? Files.readString(out) : "") + log();
    } catch (IOException e) {
      return log();
    }
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A port free for both UDP and TCP on loopback (dnsmasq binds both). */
  private static int freePort() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    for (int attempt = 0; attempt < 50; attempt++) {
      try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
        int candidate = udp.getLocalPort();
        try (ServerSocket tcp = new ServerSocket()) {
          tcp.setReuseAddress(true);
          tcp.bind(new InetSocketAddress(loopback, candidate));
          return candidate;
        } catch (IOException taken) {
          // TCP side in use; try another
        }
      }
    }
    throw new IOException("no port free for both UDP and TCP on loopback");
  }

  /** The names with records, for diagnostics. */
  @Override
  public String toString() {
    List<String> names = new ArrayList<>(addresses.keySet());
    names.addAll(services.keySet());
    return "dnsmasq 127.0.0.1:" + port + " " + names;
  }
}
