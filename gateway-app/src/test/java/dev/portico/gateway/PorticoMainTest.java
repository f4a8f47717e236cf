package dev.portico.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process: exit codes and what it prints. */
class PorticoMainTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private String stdin = "";

  private int run(String... args) {
    return PorticoMain.run(
        args,
        new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path file(String name, String yaml) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, yaml);
    return file;
  }

  private static final String VALID =
      """
      upstreams:
        app: { endpoints: [ { url: "http://127.0.0.1:9999" } ] }
      routes:
        - { id: catch-all, match: { path: /** }, upstream: app, public: true }
        - { id: api, match: { path: /api/** }, upstream: app, strip-prefix: 1, public: true }
        - { id: user, match: { path: "/api/users/{id}", methods: [GET] }, upstream: app, public: true }
        - { id: health, match: { path: /health }, upstream: app, public: true }
        - { id: admin, match: { path: /**, hosts: [admin.example.com] }, upstream: app, public: true }
        - { id: tenants, match: { path: /**, hosts: ["*.example.com"] }, upstream: app, public: true }
      """;

  @Test
  void validateAcceptsAValidFileWithExitZero() throws IOException {
    Path file = file("ok.yaml", VALID);
    assertThat(run("validate", file.toString())).isZero();
    assertThat(stdout()).isEqualTo(file + ": OK (6 routes, 1 upstreams)\n");
    assertThat(stderr()).isEmpty();
  }

  @Test
  void validatePrintsEveryErrorCompilerStyleAndExitsOne() throws IOException {
    Path file =
        file(
            "bad.yaml",
            """
            upstreams:
              app: { endpoints: [ { url: "http://127.0.0.1:9999", wieght: 2 } ] }
            routes:
              - { id: a, match: { path: /a }, upstream: ap, timeout: 5 sec, public: true }
            """);
    assertThat(run("validate", file.toString())).isEqualTo(1);
    assertThat(stderr())
        .isEqualTo(
            file
                + ":2:55: upstreams.app.endpoints[0].wieght: unknown key 'wieght'; did you mean 'weight'?\n"
                + file
                + ":4:45: routes[0].upstream: unknown upstream 'ap'; did you mean 'app'?\n"
                + file
                + ":4:58: routes[0].timeout: '5 sec' is not a duration (expected e.g. 250ms, 2s, 1m, 1h30m)\n"
                + "3 errors\n");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void validateOfAMissingFileIsAUsageError() {
    assertThat(run("validate", dir.resolve("absent.yaml").toString())).isEqualTo(2);
    assertThat(stderr()).contains("absent.yaml: no such file");
  }

  @Test
  void configOptionAndPositionalFileBothWork() throws IOException {
    Path file = file("ok.yaml", VALID);
    assertThat(run("validate", "--config", file.toString())).isZero();
    assertThat(run("validate", "--config=" + file)).isZero();
  }

  @Test
  void routesPrintsTheTableInPrecedenceOrder() throws IOException {
    Path file = file("ok.yaml", VALID);
    assertThat(run("routes", file.toString())).isZero();
    assertThat(stdout().lines().map(l -> l.split("\\s+")[1]))
        .containsExactly("ROUTE", "admin", "tenants", "health", "user", "api", "catch-all");
    assertThat(stdout()).contains("strip 1 segment(s)").contains("GET");
  }

  @Test
  void unknownCommandPrintsUsageAndExitsTwo() {
    assertThat(run("serve")).isEqualTo(2);
    assertThat(stderr()).contains("unknown command 'serve'").contains("Usage: portico");
  }

  @Test
  void helpPrintsUsage() {
    assertThat(run("--help")).isZero();
    assertThat(stdout()).contains("validate").contains("routes").contains("demo");
  }

  @Test
  void hashKeyPrintsTheSha256OfTheKeyReadFromStandardInput() {
    stdin = "foo\n";
    assertThat(run("hash-key")).isZero();
    assertThat(stdout())
        .isEqualTo("sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\n");
  }

  @Test
  void hashKeyWithoutInputIsAUsageError() {
    assertThat(run("hash-key")).isEqualTo(2);
    assertThat(stderr()).contains("standard input");
  }

  @Test
  void schemaPrintsTheJsonSchema() {
    assertThat(run("schema")).isZero();
    assertThat(stdout())
        .startsWith("{")
        .contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"");
  }
}
