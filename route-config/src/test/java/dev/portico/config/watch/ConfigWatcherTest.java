package dev.portico.config.watch;

import static dev.portico.config.watch.ConfigReloaderTest.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portico.config.ConfigLoader;
import dev.portico.config.LoadedConfig;
import dev.portico.config.watch.ReloadOutcome.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {

  private static final Duration DEBOUNCE = Duration.ofMillis(50);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final List<LoadedConfig> applied = new CopyOnWriteArrayList<>();
  private final List<ReloadOutcome> outcomes = new CopyOnWriteArrayList<>();
  private ConfigWatcher watcher;

  private void watch(Path file) throws Exception {
    ConfigReloader reloader =
        new ConfigReloader(file, ConfigLoader.load(file), applied::add, outcomes::add);
    watcher = new ConfigWatcher(reloader, DEBOUNCE, POLL);
  }

  @AfterEach
  void stopWatching() {
    if (watcher != null) {
      watcher.close();
    }
  }

  private Duration appliedTimeout(int index) {
    return applied.get(index).config().routes().get(0).timeout();
  }

  @Test
  void fileRewrittenInPlaceIsAppliedExactlyOnce() throws Exception {
    Path file = dir.resolve("portico.yaml");
    Files.writeString(file, config("2s"));
    watch(file);

    Files.writeString(
        file, config("5s"), StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);

    await().atMost(PATIENCE).until(() -> applied.size() == 1);
    assertThat(appliedTimeout(0)).isEqualTo(Duration.ofSeconds(5));
    await()
        .during(Duration.ofMillis(3 * POLL.toMillis()))
        .atMost(PATIENCE)
        .until(() -> applied.size() == 1);
    assertThat(outcomes).extracting(ReloadOutcome::result).containsOnlyOnce(Result.APPLIED);
  }

  @Test
  void aChangedDataFileIsPickedUpByThePoll() throws Exception {
    Path table = dir.resolve("regions.txt");
    Files.writeString(table, "10.0.0.0/8 eu-west\n");
    Path file = dir.resolve("portico.yaml");
    Files.writeString(
        file, "gateway:\n  client-locality: { cidr-file: \"" + table + "\" }\n" + config("2s"));
    watch(file);

    Files.writeString(table, "10.0.0.0/8 eu-west\n172.16.0.0/12 us-east\n");

    await().atMost(PATIENCE).until(() -> applied.size() == 1);
    await()
        .during(Duration.ofMillis(3 * POLL.toMillis()))
        .atMost(PATIENCE)
        .until(() -> applied.size() == 1);
  }

  @Test
  void fileReplacedByRenameIsApplied() throws Exception {
    Path file = dir.resolve("portico.yaml");
    Files.writeString(file, config("2s"));
    watch(file);

    Path edited = dir.resolve(".portico.yaml.swp");
    Files.writeString(edited, config("7s"));
    Files.move(edited, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    await().atMost(PATIENCE).until(() -> applied.size() == 1);
    assertThat(appliedTimeout(0)).isEqualTo(Duration.ofSeconds(7));
  }

  /**
   * A ConfigMap volume: the file is a symlink through {@code ..data}, and an update writes a new
   * timestamped directory and swaps {@code ..data} to it with an atomic rename.
   */
  @Test
  void kubernetesConfigMapSymlinkSwapIsApplied() throws Exception {
    Path v1 = Files.createDirectory(dir.resolve("..2026_01_01_v1"));
    Files.writeString(v1.resolve("portico.yaml"), config("2s"));
    Files.createSymbolicLink(dir.resolve("..data"), Path.of("..2026_01_01_v1"));
    Path file =
        Files.createSymbolicLink(dir.resolve("portico.yaml"), Path.of("..data/portico.yaml"));
    watch(file);

    Path v2 = Files.createDirectory(dir.resolve("..v2"));
    Files.writeString(v2.resolve("portico.yaml"), config("9s"));
    Path tmp = Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("..v2"));
    Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);

    await().atMost(PATIENCE).until(() -> applied.size() == 1);
    assertThat(appliedTimeout(0)).isEqualTo(Duration.ofSeconds(9));
    assertThat(file.toRealPath()).isEqualTo(v2.resolve("portico.yaml").toRealPath());
  }

  @Test
  void invalidWriteIsRejectedAndALaterValidWriteIsApplied() throws Exception {
    Path file = dir.resolve("portico.yaml");
    Files.writeString(file, config("2s"));
    watch(file);

    Files.writeString(file, config("5 sec"));
    await()
        .atMost(PATIENCE)
        .until(() -> outcomes.stream().anyMatch(o -> o.result() == Result.REJECTED));
    assertThat(applied).isEmpty();

    Files.writeString(file, config("3s"));
    await().atMost(PATIENCE).until(() -> applied.size() == 1);
    assertThat(appliedTimeout(0)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void missingFileKeepsTheRunningConfigAndItsReturnIsApplied() throws Exception {
    Path file = dir.resolve("portico.yaml");
    Files.writeString(file, config("2s"));
    watch(file);

    Files.delete(file);
    Files.writeString(dir.resolve("unrelated.txt"), "a change in the directory");
    await()
        .during(Duration.ofMillis(3 * POLL.toMillis()))
        .atMost(PATIENCE)
        .until(() -> applied.isEmpty() && outcomes.isEmpty());

    Files.writeString(file, config("4s"));
    await().atMost(PATIENCE).until(() -> applied.size() == 1);
    assertThat(appliedTimeout(0)).isEqualTo(Duration.ofSeconds(4));
  }

  /**
   * Logs written next to the configuration (the load benchmark keeps the GC log there) must not
   * make the watcher read, let alone parse, the configuration again and again.
   */
  @Test
  void writesToOtherFilesInTheDirectoryAreIgnored() throws Exception {
    Path file = dir.resolve("portico.yaml");
    Files.writeString(file, config("2s"));
    watch(file);

    Path log = dir.resolve("portico.gc.log");
    for (int i = 0; i < 20; i++) {
      Files.writeString(
          log, "line " + i + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    await()
        .during(Duration.ofMillis(3 * POLL.toMillis()))
        .atMost(PATIENCE)
        .until(() -> outcomes.isEmpty());
    Files.writeString(file, config("6s"));
    await().atMost(PATIENCE).until(() -> applied.size() == 1);
    assertThat(appliedTimeout(0)).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void closeStopsWatching() throws Exception {
    Path file = dir.resolve("portico.yaml");
    Files.writeString(file, config("2s"));
    watch(file);

    watcher.close();
    Files.writeString(file, config("5s"));

    await()
        .during(Duration.ofMillis(3 * POLL.toMillis()))
        .atMost(PATIENCE)
        .until(() -> applied.isEmpty() && outcomes.isEmpty());
  }

  @Test
  void directoryThatCannotBeWatchedFailsAtConstruction() throws Exception {
    Path file = dir.resolve("portico.yaml");
    Files.writeString(file, config("2s"));
    ConfigReloader reloader =
        new ConfigReloader(
            dir.resolve("gone/portico.yaml"), ConfigLoader.load(file), applied::add, outcomes::add);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new ConfigWatcher(reloader, DEBOUNCE, POLL))
        .isInstanceOf(IOException.class);
  }
}
