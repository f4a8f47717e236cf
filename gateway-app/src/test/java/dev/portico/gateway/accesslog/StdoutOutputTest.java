package dev.portico.gateway.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StdoutOutputTest {

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream original;

  @BeforeEach
  void capture() {
    original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(original);
  }

  @Test
  void linesAppearOnlyWhenFlushedAndThenAllAtOnce() {
    StdoutOutput out = new StdoutOutput();
    out.write("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8));
    out.write("{\"b\":\"é\"}\n".getBytes(StandardCharsets.UTF_8));

    assertThat(captured.size()).isZero();
    out.flush();

    assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n{\"b\":\"é\"}\n");
  }

  @Test
  void closeFlushes() {
    StdoutOutput out = new StdoutOutput();
    out.write("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8));
    out.close();

    assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n");
  }
}
