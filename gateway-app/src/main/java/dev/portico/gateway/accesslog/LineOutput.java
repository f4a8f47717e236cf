package dev.portico.gateway.accesslog;

import java.io.IOException;

/** A destination for whole lines. Used by the writer thread only; not thread-safe. */
interface LineOutput extends AutoCloseable {

  /** Writes one line, which ends with a line break. */
  void write(byte[] line) throws IOException;

  /** Pushes buffered lines out (called when the queue runs empty). */
  void flush() throws IOException;

  @Override
  void close() throws IOException;

  static LineOutput open(AccessLogTarget target) throws IOException {
    return target.isStdout()
        ? new StdoutOutput()
        : new RollingFile(target.file(), target.maxBytes(), target.maxFiles());
  }
}
