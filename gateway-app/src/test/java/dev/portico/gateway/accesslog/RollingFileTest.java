package dev.portico.gateway.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollingFileTest {

  @TempDir Path dir;

  private static byte[] line(int i) {
    return ("line-%04d-xxxxxxxxxxxxxxxxxxxx\n".formatted(i)).getBytes(StandardCharsets.UTF_8);
  }

  private List<String> linesOf(String name) throws IOException {
    Path file = dir.resolve(name);
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  @Test
  void rollsBySizeKeepingEveryLineInOrderWhileFilesRemain() throws IOException {
    Path file = dir.resolve("access.log");
    try (RollingFile out = new RollingFile(file, 100, 10)) {
      for (int i = 0; i < 12; i++) {
        out.write(line(i));
      }
    }

    // 31-byte lines, 3 per 100-byte file: 12 lines make 4 files.
    assertThat(Files.size(file)).isLessThanOrEqualTo(100);
    List<String> all = new ArrayList<>();
    for (String name : List.of("access.log.3", "access.log.2", "access.log.1", "access.log")) {
      List<String> lines = linesOf(name);
      assertThat(lines).as(name).hasSize(3);
      all.addAll(lines);
    }
    assertThat(all).hasSize(12);
    for (int i = 0; i < 12; i++) {
      assertThat(all.get(i)).startsWith("line-%04d".formatted(i));
    }
    assertThat(dir.resolve("access.log.4")).doesNotExist();
  }

  @Test
  void keepsAtMostMaxFilesDroppingTheOldest() throws IOException {
    Path file = dir.resolve("access.log");
    try (RollingFile out = new RollingFile(file, 100, 3)) {
      for (int i = 0; i < 30; i++) {
        out.write(line(i));
      }
    }

    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("access.log", "access.log.1", "access.log.2");
    }
    assertThat(linesOf("access.log").get(2)).startsWith("line-0029");
    assertThat(linesOf("access.log.2").get(0)).startsWith("line-0021");
  }

  @Test
  void oneFileIsTruncatedInsteadOfRolled() throws IOException {
    Path file = dir.resolve("access.log");
    try (RollingFile out = new RollingFile(file, 100, 1)) {
      for (int i = 0; i < 7; i++) {
        out.write(line(i));
      }
    }

    assertThat(linesOf("access.log")).hasSize(1).first().asString().startsWith("line-0006");
    try (var files = Files.list(dir)) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void reopeningAppendsAndCountsTheExistingSize() throws IOException {
    Path file = dir.resolve("access.log");
    try (RollingFile out = new RollingFile(file, 100, 5)) {
      out.write(line(0));
      out.write(line(1));
    }
    try (RollingFile out = new RollingFile(file, 100, 5)) {
      out.write(line(2));
      out.write(line(3));
    }

    assertThat(linesOf("access.log.1")).hasSize(3);
    assertThat(linesOf("access.log")).hasSize(1).first().asString().startsWith("line-0003");
  }

  @Test
  void aLineLongerThanTheLimitGetsAFileOfItsOwn() throws IOException {
    Path file = dir.resolve("access.log");
    byte[] big = ("x".repeat(250) + "\n").getBytes(StandardCharsets.UTF_8);
    try (RollingFile out = new RollingFile(file, 100, 5)) {
      out.write(line(0));
      out.write(big);
      out.write(line(1));
    }

    assertThat(linesOf("access.log.2")).hasSize(1);
    assertThat(linesOf("access.log.1")).containsExactly("x".repeat(250));
    assertThat(linesOf("access.log")).hasSize(1);
  }
}
