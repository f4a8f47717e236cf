package dev.portico.gateway;

import dev.portico.auth.apikey.ApiKeyRegistry;
import dev.portico.config.ConfigError;
import dev.portico.config.ConfigLoader;
import dev.portico.config.ConfigRejectedException;
import dev.portico.config.LoadedConfig;
import dev.portico.config.model.PorticoConfig;
import dev.portico.config.schema.JsonSchemaGenerator;
import dev.portico.gateway.cli.Command;
import dev.portico.gateway.cli.ExplainArguments;
import dev.portico.gateway.cli.RouteTable;
import dev.portico.gateway.demo.DemoIssuer;
import dev.portico.gateway.demo.DemoServices;
import dev.portico.gateway.explain.Explainer;
import dev.portico.gateway.explain.Explanation;
import dev.portico.gateway.explain.ExplanationText;
import dev.portico.gateway.snapshot.SnapshotCompiler;
import dev.portico.gateway.snapshot.SnapshotHolder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;

/**
 * Portico's command line. {@code validate}, {@code routes}, {@code explain} and {@code schema} run
 * without starting Spring; {@code run} and {@code demo} start the gateway, refusing to start on an
 * invalid file.
 */
public final class PorticoMain {

  static final int OK = 0;
  static final int INVALID = 1;
  static final int USAGE = 2;

  /** Longest wait for an identity provider while explaining a token. */
  private static final Duration EXPLAIN_TIMEOUT = Duration.ofSeconds(30);

  private PorticoMain() {}

  public static void main(String[] args) {
    int code = run(args, System.in, System.out, System.err);
    if (code != OK || !startsServer(args)) {
      System.exit(code);
    }
  }

  /** Reads an API key from standard input (not the command line, which shells remember). */
  private static int hashKey(InputStream in, PrintStream out, PrintStream err) {
    String key;
    try {
      key = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
    } catch (IOException e) {
      err.println("portico: cannot read the key from standard input: " + e.getMessage());
      return USAGE;
    }
    if (key == null || key.isBlank()) {
      err.println(
          "portico: write the API key on standard input, e.g. printf %s \"$KEY\" | portico hash-key");
      return USAGE;
    }
    out.println(ApiKeyRegistry.hash(key.strip()));
    return OK;
  }

  /**
   * Compiles the configuration as the gateway would (issuer keys are fetched when a token is
   * checked) and explains one request. Exit 0 when explained, whatever the outcome.
   */
  private static int explain(
      LoadedConfig loaded, Command command, PrintStream out, PrintStream err) {
    ExplainArguments request;
    try {
      request = ExplainArguments.parse(command.passThrough());
    } catch (IllegalArgumentException e) {
      err.println("portico explain: " + e.getMessage());
      err.print(Command.usage());
      return USAGE;
    }
    Clock clock = Clock.systemUTC();
    SnapshotHolder snapshot =
        new SnapshotHolder(
            new SnapshotCompiler(clock, new SimpleMeterRegistry(), false).compile(loaded, null));
    try {
      Explanation explanation =
          Explainer.explain(
                  snapshot.current(),
                  request.method(),
                  request.target(),
                  request.headers(),
                  request.clientIp(),
                  clock.instant())
              .block(EXPLAIN_TIMEOUT);
      out.print(ExplanationText.render(request.method(), request.target(), explanation));
      return OK;
    } catch (RuntimeException e) {
      err.println("portico explain: " + e.getMessage());
      return INVALID;
    } finally {
      snapshot.close();
    }
  }

  private static boolean startsServer(String[] args) {
    try {
      String name = Command.parse(args, System.getenv()).name();
      return name.equals("run") || name.equals("demo");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Runs a command; returns the process exit code. Server commands return once started. */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    Command command;
    try {
      command = Command.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      err.println("portico: " + e.getMessage());
      err.print(Command.usage());
      return USAGE;
    }
    switch (command.name()) {
      case "help":
        out.print(Command.usage());
        return OK;
      case "schema":
        out.print(JsonSchemaGenerator.generate(PorticoConfig.class));
        return OK;
      case "hash-key":
        return hashKey(in, out, err);
      default:
        break;
    }
    LoadedConfig loaded;
    try {
      loaded = ConfigLoader.load(command.configFile());
    } catch (ConfigRejectedException e) {
      for (ConfigError error : e.errors()) {
        err.println(error.format());
      }
      err.println(e.errors().size() + (e.errors().size() == 1 ? " error" : " errors"));
      return INVALID;
    } catch (NoSuchFileException e) {
      err.println("portico: " + command.configFile() + ": no such file");
      return USAGE;
    } catch (IOException e) {
      err.println("portico: cannot read " + command.configFile() + ": " + e.getMessage());
      return USAGE;
    }
    switch (command.name()) {
      case "validate":
        out.println(
            command.configFile()
                + ": OK ("
                + loaded.config().routes().size()
                + " routes, "
                + loaded.config().upstreams().size()
                + " upstreams)");
        return OK;
      case "routes":
        out.print(RouteTable.render(loaded.config().routes()));
        return OK;
      case "explain":
        return explain(loaded, command, out, err);
      case "demo":
        DemoServices.startDefaults();
        DemoIssuer.start(DemoIssuer.DEFAULT_PORT);
        PorticoApplication.start(
            new PorticoStartup(command.configFile(), loaded),
            command.passThrough().toArray(String[]::new));
        return OK;
      default:
        PorticoApplication.start(
            new PorticoStartup(command.configFile(), loaded),
            command.passThrough().toArray(String[]::new));
        return OK;
    }
  }
}
