package dev.portico.config.internal;

import dev.portico.config.model.AccessLogFile;
import dev.portico.config.model.AccessLogOutput;
import dev.portico.config.model.AccessLogSettings;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/** Checks of {@code gateway.access-log} that need more than one key or the file system. */
final class AccessLogChecks {

  private static final String PATH = "gateway.access-log";

  /** The smallest file worth rolling: a few lines. */
  static final long MIN_FILE_SIZE = 1024;

  private final Diagnostics diagnostics;

  AccessLogChecks(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  void check(AccessLogSettings settings) {
    if (settings == null) {
      return;
    }
    checkRedactions(settings.redactQueryParams());
    AccessLogFile file = settings.file();
    if (file == null) {
      return;
    }
    if (file.maxSize() != null && file.maxSize().bytes() < MIN_FILE_SIZE) {
      diagnostics.error(PATH + ".file.max-size", "must be at least 1KB");
    }
    if (settings.output() == AccessLogOutput.FILE) {
      checkFilePath(file.path());
    }
  }

  private void checkFilePath(String path) {
    String key = PATH + ".file.path";
    if (path == null || path.isBlank()) {
      diagnostics.error(
          PATH + ".output", "'file' needs gateway.access-log.file.path (the file to write)");
      return;
    }
    Path file;
    try {
      file = Path.of(path).toAbsolutePath();
    } catch (InvalidPathException e) {
      diagnostics.error(key, "'" + path + "' is not a file path");
      return;
    }
    if (Files.isDirectory(file)) {
      diagnostics.error(key, path + " is a directory (expected a file in it)");
    } else if (file.getParent() == null || !Files.isDirectory(file.getParent())) {
      diagnostics.error(key, "the directory of " + path + " does not exist");
    }
  }

  private void checkRedactions(List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name.isBlank() || name.chars().anyMatch(c -> c == '=' || c == '&' || c <= ' ')) {
        diagnostics.error(
            YamlPaths.index(PATH + ".redact-query-params", i),
            "'" + name + "' is not a query parameter name");
      }
    }
  }
}
