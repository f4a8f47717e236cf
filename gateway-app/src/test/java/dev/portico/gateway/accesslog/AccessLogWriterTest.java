package dev.portico.gateway.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogWriterTest {

  @TempDir Path dir;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private double dropped(String reason) {
    return meters.get("portico.accesslog.dropped").tag("reason", reason).counter().count();
  }

  private AccessLogTarget file(String name) {
    return new AccessLogTarget(dir.resolve(name), 1024 * 1024, 3);
  }

  @Test
  void closeWritesEveryQueuedLineBeforeReturning() throws IOException {
    AccessLogWriter writer = new AccessLogWriter(1000, meters);
    for (int i = 0; i < 500; i++) {
      assertThat(writer.offer(file("a.log"), "{\"n\":" + i + "}")).isTrue();
    }
    writer.close();

    assertThat(Files.readAllLines(dir.resolve("a.log"))).hasSize(500).endsWith("{\"n\":499}");
    assertThat(meters.get("portico.accesslog.written").counter().count()).isEqualTo(500);
    assertThat(dropped("queue-full")).isZero();
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch writing = new CountDownLatch(1);
    LineOutput stuck =
        new LineOutput() {
          @Override
          public void write(byte[] line) {
            writing.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    AccessLogWriter writer = new AccessLogWriter(16, meters, target -> stuck);
    writer.offer(AccessLogTarget.STDOUT, "first");
    assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 16; i++) {
      assertThat(writer.offer(AccessLogTarget.STDOUT, "queued " + i)).isTrue();
    }

    assertThat(writer.offer(AccessLogTarget.STDOUT, "one too many")).isFalse();
    assertThat(dropped("queue-full")).isEqualTo(1);
    release.countDown();
    writer.close();
  }

  @Test
  void aChangedTargetSwitchesFiles() throws IOException {
    AccessLogWriter writer = new AccessLogWriter(100, meters);
    writer.offer(file("a.log"), "one");
    writer.offer(file("b.log"), "two");
    writer.offer(file("b.log"), "three");
    writer.close();

    assertThat(Files.readAllLines(dir.resolve("a.log"))).containsExactly("one");
    assertThat(Files.readAllLines(dir.resolve("b.log"))).containsExactly("two", "three");
  }

  @Test
  void anUnwritableFileCountsItsLinesAsFailedAndRecoversWhenTheTargetChanges() throws Exception {
    AccessLogWriter writer = new AccessLogWriter(100, meters);
    AccessLogTarget missing =
        new AccessLogTarget(dir.resolve("missing-dir").resolve("a.log"), 1024, 2);
    writer.offer(missing, "lost");
    await().atMost(10, TimeUnit.SECONDS).until(() -> dropped("write-failed") == 1);

    writer.offer(file("ok.log"), "kept");
    writer.close();

    assertThat(Files.readAllLines(dir.resolve("ok.log"))).containsExactly("kept");
  }

  @Test
  void linesOfferedAfterCloseAreDroppedAndCounted() {
    AccessLogWriter writer = new AccessLogWriter(100, meters);
    writer.close();

    assertThat(writer.offer(AccessLogTarget.STDOUT, "late")).isFalse();
    assertThat(dropped("queue-full")).isEqualTo(1);
  }
}
