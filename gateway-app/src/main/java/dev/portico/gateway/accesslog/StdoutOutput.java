package dev.portico.gateway.accesslog;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/**
 * Standard output. Lines are collected and written in one call per batch: {@link PrintStream}
 * writes are atomic, so application log lines written to the same stream never cut into a line.
 */
final class StdoutOutput implements LineOutput {

  private final ByteArrayOutputStream batch = new ByteArrayOutputStream(64 * 1024);

  @Override
  public void write(byte[] line) {
    batch.write(line, 0, line.length);
    if (batch.size() >= 256 * 1024) {
      flush();
    }
  }

  @Override
  public void flush() {
    if (batch.size() == 0) {
      return;
    }
    PrintStream out = System.out;
    out.write(batch.toByteArray(), 0, batch.size());
    out.flush();
    batch.reset();
  }

  @Override
  public void close() {
    flush();
  }
}
