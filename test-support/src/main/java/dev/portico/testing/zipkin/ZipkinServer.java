package dev.portico.testing.zipkin;

import dev.portico.testing.LoopbackPorts;
import dev.portico.testing.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Zipkin server ({@code io.zipkin:zipkin-server}'s exec jar run with {@code java -jar}) on a
 * free loopback port with in-memory storage, for tests. The jar's path comes from the system
 * property {@code portico.zipkin.jar} (the integration-tests build copies it there from Maven).
 * {@link #close} stops it by PID; a shutdown hook stops it if the test JVM dies first. Queries go
 * through Zipkin's HTTP API and return its JSON as text. Not thread-safe; one test class owns an
 * instance.
 */
public final class ZipkinServer implements AutoCloseable {

  /** System property naming the zipkin-server exec jar. */
  public static final String JAR_PROPERTY = "portico.zipkin.jar";

  private static final Duration STARTUP = Duration.ofSeconds(150);

  private final int port;
  private final Process process;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ZipkinServer(int port, Process process, Path log) {
    this.port = port;
    this.process = process;
    this.log = log;
  }

  /** Starts Zipkin and waits until its health endpoint says UP. */
  public static ZipkinServer start() {
    String jar = System.getProperty(JAR_PROPERTY);
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "zipkin-server jar not found at "
              + JAR_PROPERTY
              + "="
              + jar
              + " (the integration-tests build copies it; run mvn from the project root)");
    }
    try {
      int port = LoopbackPorts.freeTcpPort();
      Path log = Files.createTempFile("portico-zipkin-", ".log");
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      ProcessBuilder builder =
          new ProcessBuilder(
                  java.toString(),
                  "-Xmx256m",
                  "-XX:TieredStopAtLevel=1",
                  "-jar",
                  jar,
                  "--armeria.ports[0].ip=127.0.0.1",
                  "--armeria.ports[0].port=" + port,
                  "--armeria.ports[0].protocols=http")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().put("STORAGE_TYPE", "mem");
      builder.environment().put("QUERY_PORT", Integer.toString(port));
      builder.environment().put("COLLECTOR_SCRIBE_ENABLED", "false");
      Process process = builder.start();
      // A test JVM that dies without closing the fixture still stops its server.
      Runtime.getRuntime()
          .addShutdownHook(new Thread(process::destroyForcibly, "zipkin-server-reaper"));
      ZipkinServer server = new ZipkinServer(port, process, log);
      server.awaitHealthy();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start zipkin-server", e);
    }
  }

  private void awaitHealthy() {
    try {
      Poll.every(Duration.ofMillis(200), STARTUP)
          .whileAlive(process, this::log)
          .until(
              "zipkin-server on port " + port + " to be healthy",
              () -> {
                HttpResponse<String> health = send("/health");
                return health.statusCode() == 200 && health.body().contains("\"UP\"");
              });
    } catch (IllegalStateException notHealthy) {
      close();
      throw new IllegalStateException(notHealthy.getMessage() + ": " + log(), notHealthy);
    }
  }

  /** The port Zipkin listens on (127.0.0.1). */
  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:port}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Where spans are POSTed (v2 JSON): {@code http://127.0.0.1:port/api/v2/spans}. */
  public String spansEndpoint() {
    return baseUrl() + "/api/v2/spans";
  }

  /**
   * One trace's spans as Zipkin's JSON array, or null while Zipkin has none of them.
   *
   * @param traceId 32 (or 16) hex characters
   */
  public String trace(String traceId) {
    HttpResponse<String> response = get("/api/v2/trace/" + traceId);
    return response.statusCode() == 404 ? null : response.body();
  }

  /** The JSON array of traces (each an array of spans) of {@code serviceName}, newest first. */
  public String traces(String serviceName) {
    return get("/api/v2/traces?limit=100&serviceName=" + serviceName).body();
  }

  /** The JSON array of service names Zipkin has seen spans of. */
  public String services() {
    return get("/api/v2/services").body();
  }

  private HttpResponse<String> get(String path) {
    try {
      HttpResponse<String> response = send(path);
      if (response.statusCode() != 200 && response.statusCode() != 404) {
        throw new IllegalStateException(
            "GET " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<String> send(String path) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The server's output so far. */
  public String log() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

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
  }
}
