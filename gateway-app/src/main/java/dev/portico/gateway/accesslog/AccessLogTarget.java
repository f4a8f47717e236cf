package dev.portico.gateway.accesslog;

import dev.portico.config.model.AccessLogOutput;
import dev.portico.config.model.AccessLogSettings;
import java.nio.file.Path;

/**
 * Where lines go: standard output, or a file rolled by size. Two equal targets are the same
 * destination, so the writer reopens its output only when a reload changes the target.
 *
 * @param file the active file, or null for standard output
 * @param maxBytes the file's size limit before it rolls over
 * @param maxFiles files kept in all, the active one included
 */
record AccessLogTarget(Path file, long maxBytes, int maxFiles) {

  static final AccessLogTarget STDOUT = new AccessLogTarget(null, 0, 0);

  static AccessLogTarget of(AccessLogSettings settings) {
    if (settings.output() != AccessLogOutput.FILE) {
      return STDOUT;
    }
    return new AccessLogTarget(
        Path.of(settings.file().path()).toAbsolutePath().normalize(),
        settings.file().maxSize().bytes(),
        settings.file().maxFiles());
  }

  boolean isStdout() {
    return file == null;
  }
}
