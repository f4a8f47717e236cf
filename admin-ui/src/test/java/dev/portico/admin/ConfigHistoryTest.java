package dev.portico.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.ConfigError;
import dev.portico.config.model.AdminSettings;
import dev.portico.config.watch.ReloadOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigHistoryTest {

  static final String V1 =
      """
      upstreams:
        app: { endpoints: [ { url: "http://127.0.0.1:9" } ] }
      routes:
        - { id: a, match: { path: /a/** }, upstream: app, public: true }
      """;
  static final String V2 =
      V1 + "  - { id: b, match: { path: /b/** }, upstream: app, public: true }\n";

  static final AdminSettings SETTINGS =
      new AdminSettings(null, List.of(), List.of(), "0".repeat(64), "audit/admin.jsonl", 2);

  @TempDir Path dir;
  Path file;
  ConfigHistory history;
  final List<String> reloadedTexts = new ArrayList<>();

  @BeforeEach
  void writeRunning() throws IOException {
    file = dir.resolve("portico.yaml");
    Files.writeString(file, V1);
    history = new ConfigHistory(file, Clock.systemUTC());
  }

  /** A reload that reads the file, as the gateway's does, and answers {@code result}. */
  Supplier<ReloadOutcome> reload(ReloadOutcome.Result result) {
    return () -> {
      try {
        reloadedTexts.add(Files.readString(file));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      return new ReloadOutcome(
          result,
          null,
          result == ReloadOutcome.Result.REJECTED
              ? List.of(new ConfigError(file.toString(), 1, 1, "", "cannot be applied: boom"))
              : List.of());
    };
  }

  List<String> auditLines() throws IOException {
    return Files.readAllLines(dir.resolve("audit/admin.jsonl"));
  }

  @Test
  void applyWritesTheFileKeepsABackupAndBothVersionsAndAudits() throws IOException {
    ConfigHistory.Change change =
        history.apply(V2, "alice", "apply", SETTINGS, reload(ReloadOutcome.Result.APPLIED));

    assertThat(change.outcome()).isEqualTo("applied");
    assertThat(Files.readString(file)).isEqualTo(V2);
    assertThat(Files.readString(dir.resolve("portico.yaml.bak"))).isEqualTo(V1);
    assertThat(reloadedTexts).containsExactly(V2);
    assertThat(history.history()).extracting(ConfigHistory.Version::id).containsExactly("2", "1");
    assertThat(history.history().get(0).running()).isTrue();
    assertThat(history.version("1")).contains(V1);
    assertThat(auditLines()).hasSize(1);
    assertThat(auditLines().get(0))
        .contains("\"actor\":\"alice\"")
        .contains("\"action\":\"apply\"")
        .contains("\"outcome\":\"applied\"")
        .contains("+  - { id: b, match: { path: /b/** }");
  }

  @Test
  void anInvalidTextIsNeverWrittenAndItsErrorsHaveLines() throws IOException {
    ConfigHistory.Change change =
        history.apply(
            V1.replace("public: true", "public: maybe"),
            "alice",
            "apply",
            SETTINGS,
            reload(ReloadOutcome.Result.APPLIED));

    assertThat(change.outcome()).isEqualTo("invalid");
    assertThat(change.errors()).isNotEmpty();
    assertThat(change.errors().get(0).line()).isEqualTo(4);
    assertThat(Files.readString(file)).isEqualTo(V1);
    assertThat(reloadedTexts).isEmpty();
    assertThat(auditLines().get(0)).contains("\"outcome\":\"invalid\"");
  }

  @Test
  void aReloadThatCannotBuildTheSnapshotPutsThePreviousFileBack() throws IOException {
    ConfigHistory.Change change =
        history.apply(V2, "alice", "apply", SETTINGS, reload(ReloadOutcome.Result.REJECTED));

    assertThat(change.outcome()).isEqualTo("reload-rejected");
    assertThat(change.errors())
        .extracting(ConfigError::message)
        .containsExactly("cannot be applied: boom");
    assertThat(Files.readString(file)).isEqualTo(V1);
    assertThat(reloadedTexts).containsExactly(V2, V1);
    assertThat(history.history()).extracting(ConfigHistory.Version::id).containsExactly("1");
    assertThat(auditLines().get(0)).contains("\"outcome\":\"reload-rejected\"");
  }

  @Test
  void rollbackAppliesAKeptVersionAgain() throws IOException {
    history.apply(V2, "alice", "apply", SETTINGS, reload(ReloadOutcome.Result.APPLIED));

    var change = history.rollback("1", "bob", SETTINGS, reload(ReloadOutcome.Result.APPLIED));

    assertThat(change).get().extracting(ConfigHistory.Change::outcome).isEqualTo("applied");
    assertThat(Files.readString(file)).isEqualTo(V1);
    assertThat(auditLines().get(1)).contains("\"actor\":\"bob\"").contains("rollback to 1");
    assertThat(history.rollback("42", "bob", SETTINGS, reload(ReloadOutcome.Result.APPLIED)))
        .isEmpty();
  }

  @Test
  void onlyTheLastHistorySizeVersionsAreKept() throws IOException {
    history.apply(V2, "alice", "apply", SETTINGS, reload(ReloadOutcome.Result.APPLIED));
    history.apply(
        V2 + "# three\n", "alice", "apply", SETTINGS, reload(ReloadOutcome.Result.APPLIED));

    assertThat(history.history()).extracting(ConfigHistory.Version::id).containsExactly("3", "2");
  }

  @Test
  void auditDiffNeverContainsSecretValues() throws IOException {
    String withSecret =
        V1
            + "issuers:\n  corp: { issuer: \"https://idp.example\", shared-secret: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }\n";
    history.apply(withSecret, "alice", "apply", SETTINGS, reload(ReloadOutcome.Result.APPLIED));
    assertThat(auditLines().get(0)).doesNotContain("xxxxxxxx").contains("<masked-1>");
  }
}
