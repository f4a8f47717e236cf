package dev.portico.it;

import dev.portico.config.ConfigLoader;
import dev.portico.config.watch.ReloadOutcome;
import dev.portico.gateway.PorticoApplication;
import dev.portico.gateway.PorticoStartup;
import dev.portico.gateway.reload.ConfigReloadService;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

/**
 * The assembled gateway on random loopback ports, started from a YAML file in a temporary
 * directory, as a test fixture. Closing it stops the application context.
 */
final class PorticoGateway implements AutoCloseable {

  private final Path configFile;
  private final ConfigurableApplicationContext context;

  private PorticoGateway(Path configFile, ConfigurableApplicationContext context) {
    this.configFile = configFile;
    this.context = context;
  }

  /** Writes {@code yaml} to {@code dir/portico.yaml} and starts the gateway on it. */
  static PorticoGateway start(Path dir, String yaml) {
    Path file = dir.resolve("portico.yaml");
    write(file, yaml);
    try {
      var loaded = ConfigLoader.load(file);
      var context =
          PorticoApplication.start(
              new PorticoStartup(file, loaded),
              "--server.port=0",
              "--management.server.port=0",
              "--server.address=127.0.0.1");
      return new PorticoGateway(file, context);
    } catch (Exception e) {
      throw new IllegalStateException("gateway did not start", e);
    }
  }

  int port() {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  int managementPort() {
    return Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  WebTestClient client() {
    return client(baseUrl());
  }

  /**
   * A test client for {@code baseUrl} that reads every response body in full, so a test that only
   * checks the status and headers cannot leak the body's Netty buffers.
   */
  static WebTestClient client(String baseUrl) {
    return WebTestClient.bindToServer(
            new ReactorClientHttpConnector(HttpClient.create().compress(false)))
        .baseUrl(baseUrl)
        .responseTimeout(Duration.ofSeconds(20))
        .filter(
            (request, next) ->
                next.exchange(request)
                    .flatMap(
                        response ->
                            response
                                .bodyToMono(byte[].class)
                                .defaultIfEmpty(new byte[0])
                                .map(
                                    bytes ->
                                        response
                                            .mutate()
                                            .body(
                                                Flux.just(
                                                    DefaultDataBufferFactory.sharedInstance.wrap(
                                                        bytes)))
                                            .build())))
        .build();
  }

  Path configFile() {
    return configFile;
  }

  /** Replaces the configuration file atomically (write to a temporary file, then rename). */
  void rewrite(String yaml) {
    Path temp = configFile.resolveSibling(".portico.yaml.tmp");
    write(temp, yaml);
    try {
      Files.move(
          temp, configFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rewrites the file and reloads it at once, without waiting for the watcher. */
  ReloadOutcome reload(String yaml) {
    rewrite(yaml);
    return context.getBean(ConfigReloadService.class).reloadNow();
  }

  ConfigurableApplicationContext context() {
    return context;
  }

  MeterRegistry meters() {
    return context.getBean(MeterRegistry.class);
  }

  double counter(String name, String... tags) {
    var counter = meters().find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  private static void write(Path file, String yaml) {
    try {
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    context.close();
  }
}
