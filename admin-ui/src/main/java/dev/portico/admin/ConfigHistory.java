package dev.portico.admin;

import dev.portico.config.ConfigError;
import dev.portico.config.ConfigLoader;
import dev.portico.config.ConfigRejectedException;
import dev.portico.config.LoadedConfig;
import dev.portico.config.model.AdminSettings;
import dev.portico.config.watch.ReloadOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Changes the configuration file safely: a text is validated before it is written (a file that
 * fails validation is never written), the previous file is kept as {@code <file>.bak}, the new one
 * replaces it atomically and is reloaded at once; if the reload still refuses it (its snapshot
 * cannot be built) the previous file is put back. Every applied version is kept in {@code
 * portico-history/} beside the file (the last {@code history-size}) for rollback, and every attempt
 * is appended to the audit log with who, when, what (a unified diff, secrets masked) and the
 * outcome.
 *
 * <p>Thread-safe: changes are serialized. Blocking file I/O: call it off event loops.
 */
public final class ConfigHistory {

  /** An applied version kept for rollback. */
  public record Version(String id, Instant appliedAt, String digest, boolean running) {}

  /**
   * What a change did.
   *
   * @param outcome applied, unchanged, invalid (validation refused it; nothing written) or
   *     reload-rejected (valid, but the gateway could not build it; the previous file is back)
   * @param errors why it was refused, each with line and column; empty otherwise
   * @param diff the unified diff from the running text, secrets masked
   * @param version the id of the applied version, or null
   */
  public record Change(String outcome, List<ConfigError> errors, String diff, String version) {
    public Change {
      errors = List.copyOf(errors);
    }
  }

  private static final Pattern VERSION_FILE = Pattern.compile("(\\d{6})\\.yaml");

  private final Path configFile;
  private final Path historyDir;
  private final Clock clock;

  public ConfigHistory(Path configFile, Clock clock) {
    this.configFile = configFile.toAbsolutePath();
    this.historyDir = this.configFile.resolveSibling("portico-history");
    this.clock = clock;
  }

  public Path configFile() {
    return configFile;
  }

  /** The text of the configuration file now. */
  public String running() throws IOException {
    return Files.readString(configFile, StandardCharsets.UTF_8);
  }

  /** SHA-256 (hex) of {@code text}, as {@link LoadedConfig#digest()} computes it. */
  public static String digest(String text) {
    return LoadedConfig.digestOf(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Every validation error of {@code text} as the configuration file; empty when valid. */
  public List<ConfigError> validate(String text) {
    try {
      ConfigLoader.parse(configFile.toString(), text);
      return List.of();
    } catch (ConfigRejectedException e) {
      return e.errors();
    }
  }

  /**
   * Validates, writes and reloads {@code text}.
   *
   * @param actor who asks, for the audit log
   * @param action "apply" or "rollback to N", for the audit log
   * @param reload reloads the file now and says how it went
   */
  public synchronized Change apply(
      String text,
      String actor,
      String action,
      AdminSettings settings,
      Supplier<ReloadOutcome> reload)
      throws IOException {
    String before = running();
    String diff =
        LineDiff.unified(
            SecretMasker.mask(before).text(), SecretMasker.mask(text).text(), "running", "new");
    List<ConfigError> errors = validate(text);
    Change change;
    if (!errors.isEmpty()) {
      change = new Change("invalid", errors, diff, null);
    } else if (digest(before).equals(digest(text))) {
      change = new Change("unchanged", List.of(), diff, newest().map(Version::id).orElse(null));
    } else {
      change = writeAndReload(before, text, diff, settings, reload);
    }
    audit(settings, actor, action, change);
    return change;
  }

  private Change writeAndReload(
      String before,
      String text,
      String diff,
      AdminSettings settings,
      Supplier<ReloadOutcome> reload)
      throws IOException {
    Files.createDirectories(historyDir);
    if (newest().map(v -> !v.digest().equals(digest(before))).orElse(true)) {
      save(before);
    }
    writeAtomically(configFile.resolveSibling(configFile.getFileName() + ".bak"), before);
    writeAtomically(configFile, text);
    ReloadOutcome outcome = reload.get();
    if (outcome.result() == ReloadOutcome.Result.REJECTED) {
      writeAtomically(configFile, before);
      reload.get();
      return new Change("reload-rejected", outcome.errors(), diff, null);
    }
    String id = save(text);
    prune(Math.max(1, settings.historySize()));
    return new Change("applied", List.of(), diff, id);
  }

  /** Applies the kept version {@code id} again. */
  public synchronized Optional<Change> rollback(
      String id, String actor, AdminSettings settings, Supplier<ReloadOutcome> reload)
      throws IOException {
    Optional<String> text = version(id);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(apply(text.get(), actor, "rollback to " + id, settings, reload));
  }

  /** The kept versions, newest first. */
  public List<Version> history() throws IOException {
    if (!Files.isDirectory(historyDir)) {
      return List.of();
    }
    String running = Files.exists(configFile) ? digest(running()) : "";
    List<Version> versions = new ArrayList<>();
    for (Path file : versionFiles()) {
      String digest = digest(Files.readString(file, StandardCharsets.UTF_8));
      versions.add(
          new Version(
              idOf(file),
              Files.getLastModifiedTime(file).toInstant(),
              digest,
              digest.equals(running)));
    }
    return versions;
  }

  /** The text of kept version {@code id}, if it is kept. */
  public Optional<String> version(String id) throws IOException {
    if (!id.matches("\\d{1,6}")) {
      return Optional.empty();
    }
    Path file = historyDir.resolve(String.format("%06d.yaml", Integer.parseInt(id)));
    return Files.isRegularFile(file)
        ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
        : Optional.empty();
  }

  private Optional<Version> newest() throws IOException {
    List<Version> versions = history();
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(0));
  }

  /** Version files, newest (highest number) first. */
  private List<Path> versionFiles() throws IOException {
    try (Stream<Path> files = Files.list(historyDir)) {
      return files
          .filter(f -> VERSION_FILE.matcher(f.getFileName().toString()).matches())
          .sorted(Comparator.comparing((Path f) -> f.getFileName().toString()).reversed())
          .toList();
    }
  }

  private static String idOf(Path file) {
    Matcher m = VERSION_FILE.matcher(file.getFileName().toString());
    m.matches();
    return Integer.toString(Integer.parseInt(m.group(1)));
  }

  private String save(String text) throws IOException {
    List<Path> files = versionFiles();
    int next = files.isEmpty() ? 1 : Integer.parseInt(idOf(files.get(0))) + 1;
    writeAtomically(historyDir.resolve(String.format("%06d.yaml", next)), text);
    return Integer.toString(next);
  }

  private void prune(int keep) throws IOException {
    List<Path> files = versionFiles();
    for (int i = keep; i < files.size(); i++) {
      Files.deleteIfExists(files.get(i));
    }
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The audit file of {@code settings}, relative paths against the configuration's directory. */
  public Path auditFile(AdminSettings settings) {
    return configFile.resolveSibling(
        settings.auditLog() == null ? "portico-audit.jsonl" : settings.auditLog());
  }

  private void audit(AdminSettings settings, String actor, String action, Change change)
      throws IOException {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("time", clock.instant().toString());
    entry.put("actor", actor);
    entry.put("action", action);
    entry.put("file", configFile.toString());
    entry.put("outcome", change.outcome());
    entry.put("version", change.version());
    entry.put("diff", change.diff());
    entry.put("errors", change.errors().stream().map(ConfigError::format).toList());
    AuditLog.append(auditFile(settings), entry);
  }
}
