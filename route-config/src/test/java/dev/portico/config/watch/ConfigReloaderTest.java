package dev.portico.config.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.ConfigError;
import dev.portico.config.ConfigLoader;
import dev.portico.config.LoadedConfig;
import dev.portico.config.watch.ReloadOutcome.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReloaderTest {

  static String config(String timeout) {
    return "upstreams:\n"
        + "  orders: { endpoints: [ { url: \"http://orders:8080\" } ] }\n"
        + "routes:\n"
        + "  - id: orders\n"
        + "    match: { path: /orders/** }\n"
        + "    upstream: orders\n"
        + "    public: true\n"
        + "    timeout: "
        + timeout
        + "\n";
  }

  @TempDir Path dir;
  private Path file;
  private LoadedConfig running;
  private final List<LoadedConfig> applied = new CopyOnWriteArrayList<>();
  private final List<ReloadOutcome> observed = new ArrayList<>();
  private ConfigReloader reloader;

  @BeforeEach
  void startWithAValidFile() throws Exception {
    file = dir.resolve("portico.yaml");
    Files.writeString(file, config("2s"));
    running = ConfigLoader.load(file);
    reloader = new ConfigReloader(file, running, applied::add, observed::add);
  }

  @Test
  void changedValidFileIsAppliedAndBecomesTheRunningConfig() throws Exception {
    Files.writeString(file, config("5s"));

    ReloadOutcome outcome = reloader.reload();

    assertThat(outcome.result()).isEqualTo(Result.APPLIED);
    assertThat(outcome.errors()).isEmpty();
    assertThat(applied).hasSize(1);
    assertThat(applied.get(0).config().routes().get(0).timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(outcome.digest()).isEqualTo(applied.get(0).digest()).isNotEqualTo(running.digest());
    assertThat(reloader.reload().result())
        .as("the applied file is now the running one")
        .isEqualTo(Result.UNCHANGED);
  }

  @Test
  void identicalContentIsUnchangedAndNotApplied() {
    ReloadOutcome outcome = reloader.reload();

    assertThat(outcome.result()).isEqualTo(Result.UNCHANGED);
    assertThat(outcome.digest()).isEqualTo(running.digest());
    assertThat(applied).isEmpty();
  }

  @Test
  void invalidFileIsRejectedWithItsErrorsAndNotApplied() throws Exception {
    Files.writeString(file, config("5 sec"));

    ReloadOutcome outcome = reloader.reload();

    assertThat(outcome.result()).isEqualTo(Result.REJECTED);
    assertThat(outcome.digest()).isNull();
    assertThat(outcome.errors())
        .extracting(ConfigError::format)
        .containsExactly(
            file
                + ":8:14: routes[0].timeout: '5 sec' is not a duration (expected e.g. 250ms, 2s,"
                + " 1m, 1h30m)");
    assertThat(applied).isEmpty();
  }

  @Test
  void rejectedFileKeepsTheRunningDigest() throws Exception {
    Files.writeString(file, config("5 sec"));
    reloader.reload();
    Files.writeString(file, config("2s"));

    assertThat(reloader.reload().result()).isEqualTo(Result.UNCHANGED);
    assertThat(applied).isEmpty();
  }

  @Test
  void exceptionFromApplyRejectsTheReload() throws Exception {
    ConfigReloader refusing =
        new ConfigReloader(
            file,
            running,
            config -> {
              throw new IllegalStateException("balancer table cannot be built");
            },
            observed::add);
    Files.writeString(file, config("5s"));

    ReloadOutcome outcome = refusing.reload();

    assertThat(outcome.result()).isEqualTo(Result.REJECTED);
    assertThat(outcome.errors())
        .extracting(ConfigError::message)
        .containsExactly("cannot be applied: balancer table cannot be built");
  }

  @Test
  void refusedConfigIsNotTakenAsRunningSoTheNextReloadTriesAgain() throws Exception {
    List<LoadedConfig> attempts = new ArrayList<>();
    ConfigReloader refusing =
        new ConfigReloader(
            file,
            running,
            config -> {
              attempts.add(config);
              throw new IllegalStateException("refused");
            },
            observed::add);
    Files.writeString(file, config("5s"));

    refusing.reload();
    ReloadOutcome second = refusing.reload();

    assertThat(second.result()).isEqualTo(Result.REJECTED);
    assertThat(attempts).hasSize(2);
  }

  @Test
  void missingFileIsRejected() throws Exception {
    Files.delete(file);

    ReloadOutcome outcome = reloader.reload();

    assertThat(outcome.result()).isEqualTo(Result.REJECTED);
    assertThat(outcome.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.file()).isEqualTo(file.toString());
              assertThat(e.message()).startsWith("cannot read the file: ");
            });
    assertThat(applied).isEmpty();
  }

  @Test
  void observerIsToldEveryOutcome() throws Exception {
    reloader.reload();
    Files.writeString(file, config("5 sec"));
    reloader.reload();
    Files.writeString(file, config("5s"));
    reloader.reload();

    assertThat(observed)
        .extracting(ReloadOutcome::result)
        .containsExactly(Result.UNCHANGED, Result.REJECTED, Result.APPLIED);
    assertThat(observed)
        .extracting(o -> o.result().tag())
        .containsExactly("unchanged", "rejected", "applied");
  }

  /** A configuration naming a CIDR table: a data file whose changes reload it. */
  private ConfigReloader reloaderWithTable(Path table, String lines) throws Exception {
    Files.writeString(table, lines);
    Files.writeString(
        file, "gateway:\n  client-locality: { cidr-file: \"" + table + "\" }\n" + config("2s"));
    return new ConfigReloader(file, ConfigLoader.load(file), applied::add, observed::add);
  }

  @Test
  void aChangedDataFileRebuildsTheSameText() throws Exception {
    Path table = dir.resolve("regions.txt");
    ConfigReloader reloader = reloaderWithTable(table, "10.0.0.0/8 eu-west\n");
    assertThat(reloader.dataFilesChanged()).isFalse();
    assertThat(reloader.reload().result()).isEqualTo(Result.UNCHANGED);

    Files.writeString(table, "10.0.0.0/8 us-east\n192.168.0.0/16 eu-west\n");

    assertThat(reloader.dataFilesChanged()).isTrue();
    assertThat(reloader.reload().result()).isEqualTo(Result.APPLIED);
    assertThat(applied).hasSize(1);
    assertThat(reloader.dataFilesChanged()).isFalse();
    assertThat(reloader.reload().result())
        .as("the rebuilt configuration is the running one")
        .isEqualTo(Result.UNCHANGED);
    assertThat(applied).hasSize(1);
  }

  @Test
  void aBrokenDataFileIsRejectedAndTheRunningConfigurationStays() throws Exception {
    Path table = dir.resolve("regions.txt");
    ConfigReloader reloader = reloaderWithTable(table, "10.0.0.0/8 eu-west\n");

    Files.writeString(table, "10.0.0.0/8 eu-west\nnot-a-network us-east\n");
    ReloadOutcome rejected = reloader.reload();

    assertThat(rejected.result()).isEqualTo(Result.REJECTED);
    assertThat(rejected.errors())
        .extracting(ConfigError::message)
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("line 2: 'not-a-network' is not an IP network");
    assertThat(applied).isEmpty();
    assertThat(reloader.reload()).as("the same files are not rejected anew").isSameAs(rejected);

    Files.writeString(table, "10.0.0.0/8 eu-west\n172.16.0.0/12 us-east\n");
    assertThat(reloader.reload().result()).isEqualTo(Result.APPLIED);
    assertThat(applied).hasSize(1);
  }

  @Test
  void fileIsTheOneGiven() {
    assertThat(reloader.file()).isEqualTo(file);
  }
}
