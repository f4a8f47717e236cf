package dev.portico.testing.prometheus;

import dev.portico.testing.LoopbackPorts;
import dev.portico.testing.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) on a free loopback port, for
 * tests. It scrapes the given {@code /actuator/prometheus} targets every second and evaluates the
 * given rule files every second, with its TSDB in a temporary directory. {@link #close} stops it by
 * PID; a shutdown hook stops it if the test JVM exits without closing it. Never touches a
 * Prometheus the machine may run on its default port 9090. Not thread-safe.
 */
public final class PrometheusServer implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(30);

  private final int port;
  private final Path directory;
  private final Process process;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PrometheusServer(int port, Path directory, Process process) {
    this.port = port;
    this.directory = directory;
    this.process = process;
  }

  /**
   * Starts Prometheus and waits until it is ready.
   *
   * @param targets {@code host:port} of management listeners serving {@code /actuator/prometheus}
   * @param ruleFiles alerting/recording rule files to load
   */
  public static PrometheusServer start(List<String> targets, List<Path> ruleFiles) {
    try {
      Path directory = Files.createTempDirectory("portico-prometheus-");
      Path config = directory.resolve("prometheus.yml");
      Files.writeString(config, config(targets, ruleFiles), StandardCharsets.UTF_8);
      int port = LoopbackPorts.freeTcpPort();
      List<String> command =
          List.of(
              "prometheus",
              "--config.file=" + config,
              "--storage.tsdb.path=" + directory.resolve("data"),
              "--web.listen-address=127.0.0.1:" + port,
              "--log.level=warn");
      Process process;
      try {
        process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("prometheus.log").toFile())
                .start();
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot start prometheus (install it: apt-get install prometheus)", e);
      }
      Runtime.getRuntime()
          .addShutdownHook(new Thread(process::destroyForcibly, "prometheus-reaper"));
      PrometheusServer server = new PrometheusServer(port, directory, process);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String config(List<String> targets, List<Path> ruleFiles) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n")
        .append("  evaluation_interval: 1s\n");
    if (!ruleFiles.isEmpty()) {
      yaml.append("rule_files:\n");
      ruleFiles.forEach(f -> yaml.append("  - '").append(f.toAbsolutePath()).append("'\n"));
    }
    yaml.append("scrape_configs:\n  - job_name: portico\n")
        .append("    metrics_path: /actuator/prometheus\n    static_configs:\n")
        .append("      - targets: [");
    yaml.append(String.join(", ", targets.stream().map(t -> "'" + t + "'").toList()));
    yaml.append("]\n");
    return yaml.toString();
  }

  private void awaitReady() {
    Poll.every(Duration.ofMillis(100), STARTUP)
        .whileAlive(process, () -> log().strip())
        .until(
            "prometheus on port " + port + " to be ready",
            () -> {
              try {
                return get("/-/ready").statusCode() == 200;
              } catch (UncheckedIOException e) {
                throw e.getCause();
              }
            });
  }

  /** The base URL, {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The port it listens on. */
  public int port() {
    return port;
  }

  /** The PID of the process. */
  public long pid() {
    return process.pid();
  }

  /** The raw JSON of an instant query ({@code /api/v1/query}) evaluated now. */
  public String query(String promql) {
    return body("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  /** The raw JSON of {@code /api/v1/series} for one series selector. */
  public String series(String selector) {
    return body("/api/v1/series?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
  }

  /** The raw JSON of {@code path} (e.g. {@code /api/v1/targets}, {@code /api/v1/alerts}). */
  public String body(String path) {
    try {
      return get(path).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(baseUrl() + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** What the server logged so far. */
  public String log() {
    try {
      Path log = directory.resolve("prometheus.log");
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /**
   * Runs {@code promtool} with {@code arguments} (e.g. {@code check rules file.yml}).
   *
   * @return its exit code and combined output
   */
  public static PromtoolResult promtool(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add("promtool");
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("promtool did not finish: " + command);
      }
      return new PromtoolResult(process.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run promtool (install it: apt-get install prometheus)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The outcome of a {@code promtool} run. */
  public record PromtoolResult(int exitCode, String output) {}

  /** Stops the process (SIGTERM, then SIGKILL after 10s) and deletes its data directory. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteRecursively(directory);
  }

  private static void deleteRecursively(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }
}
