package dev.portico.gateway.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parsed command line: {@code portico [run|validate|routes|demo|schema|help] [--config FILE]
 * [FILE] [spring options]}.
 *
 * @param name the subcommand
 * @param configFile the configuration file: {@code --config}, else a positional FILE, else {@code
 *     PORTICO_CONFIG}, else {@code config/portico.yaml} ({@code config/demo.yaml} for demo)
 * @param passThrough remaining {@code --key=value} options, handed to Spring; for {@code explain},
 *     the arguments that describe the request
 */
public record Command(String name, Path configFile, List<String> passThrough) {

  public static final List<String> NAMES =
      List.of("run", "validate", "routes", "explain", "demo", "schema", "hash-key", "help");

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException with a usage message
   */
  public static Command parse(String[] args, Map<String, String> env) {
    List<String> rest = new ArrayList<>(List.of(args));
    String name = "run";
    if (!rest.isEmpty() && !rest.get(0).startsWith("-")) {
      name = rest.remove(0);
    }
    if (List.of("--help", "-h").contains(name) || rest.contains("--help") || rest.contains("-h")) {
      name = "help";
    }
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "unknown command '" + name + "' (expected one of " + String.join(", ", NAMES) + ")");
    }
    String file = null;
    List<String> passThrough = new ArrayList<>();
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i);
      if (arg.equals("--config")) {
        if (i + 1 >= rest.size()) {
          throw new IllegalArgumentException("--config needs a file");
        }
        file = rest.get(++i);
      } else if (arg.startsWith("--config=")) {
        file = arg.substring("--config=".length());
      } else if (name.equals("explain")) {
        passThrough.add(arg); // the request to explain: see ExplainArguments
      } else if (!arg.startsWith("-") && file == null) {
        file = arg;
      } else if (arg.startsWith("--")) {
        passThrough.add(arg);
      } else {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
    }
    if (file == null) {
      file = env.get("PORTICO_CONFIG");
    }
    if (file == null) {
      file = name.equals("demo") ? "config/demo.yaml" : "config/portico.yaml";
    }
    return new Command(name, Path.of(file), List.copyOf(passThrough));
  }

  public static String usage() {
    // Keep in step with README.md and docs/authorization.md.
    return String.join(
        "\n",
        "Usage: portico [command] [--config FILE] [--server.port=N ...]",
        "",
        "Commands:",
        "  run        start the gateway (default)",
        "  validate   check a configuration file; prints every error as file:line:col, exit 1 on any",
        "  routes     print the effective route table in precedence order",
        "  explain    say what Portico would do with a request: path, route, authentication, the",
        "             authorization rule that decides; nothing is sent upstream",
        "             portico explain [--config FILE] [-X METHOD] [-H 'Name: value']... [--token JWT]",
        "                             [--ip CLIENT_IP] PATH_OR_URL",
        "  demo       start three demo services on 127.0.0.1:9101-9103 and the gateway on config/demo.yaml",
        "  schema     print the JSON Schema of the configuration file",
        "  hash-key   read an API key on standard input, print its sha256: hash for consumers.*.api-keys",
        "  help       print this text",
        "",
        "The configuration file is --config FILE, else $PORTICO_CONFIG, else config/portico.yaml.",
        "");
  }
}
