package dev.portico.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON object per line to the audit file and logs the same line (logger {@code
 * dev.portico.admin.audit}). Thread-safe: lines are appended under a lock, each with one write, so
 * concurrent changes never interleave. Blocking: call it off event loops.
 */
public final class AuditLog {

  private static final Logger log = LoggerFactory.getLogger("dev.portico.admin.audit");

  private AuditLog() {}

  /**
   * Appends {@code entry} to {@code file} (created with its directory when missing).
   *
   * @return the line written (without the newline)
   * @throws IOException if the line cannot be written; it is still logged
   */
  public static synchronized String append(Path file, Map<String, Object> entry)
      throws IOException {
    String line = JsonText.write(entry);
    log.info("{}", line);
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Files.writeString(
        file,
        line + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
    return line;
  }
}
