package dev.portico.gateway.accesslog;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file that rolls over by size: before a line would take the active file past {@code maxBytes},
 * the file is closed and renamed to {@code <file>.1} (older ones shift to {@code .2}, {@code .3},
 * …, the oldest beyond {@code maxFiles} is deleted) and a new active file is started. The line is
 * written only after the rollover, and every line buffered before it is flushed into the old file
 * first, so a rollover loses nothing. With {@code maxFiles} 1 the file is truncated instead.
 *
 * <p>Used by the writer thread only; not thread-safe. Appends to an existing file after a restart.
 */
final class RollingFile implements LineOutput {

  private final Path file;
  private final long maxBytes;
  private final int maxFiles;
  private OutputStream out;
  private long size;

  RollingFile(Path file, long maxBytes, int maxFiles) throws IOException {
    this.file = file;
    this.maxBytes = maxBytes;
    this.maxFiles = maxFiles;
    open(StandardOpenOption.APPEND);
  }

  private void open(StandardOpenOption mode) throws IOException {
    out =
        new BufferedOutputStream(
            Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode),
            64 * 1024);
    size = Files.size(file);
  }

  @Override
  public void write(byte[] line) throws IOException {
    if (size > 0 && size + line.length > maxBytes) {
      roll();
    }
    out.write(line);
    size += line.length;
  }

  private void roll() throws IOException {
    out.close();
    if (maxFiles == 1) {
      open(StandardOpenOption.TRUNCATE_EXISTING);
      return;
    }
    Files.deleteIfExists(rolled(maxFiles - 1));
    for (int i = maxFiles - 2; i >= 1; i--) {
      Path from = rolled(i);
      if (Files.exists(from)) {
        Files.move(from, rolled(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(file, rolled(1), StandardCopyOption.REPLACE_EXISTING);
    open(StandardOpenOption.APPEND);
  }

  private Path rolled(int index) {
    return file.resolveSibling(file.getFileName() + "." + index);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
