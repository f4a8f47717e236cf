package dev.portico.gateway.accesslog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands access-log lines from request threads to one writer thread through a bounded queue, so a
 * slow disk or a blocked stdout never stalls a Netty event loop: {@link #offer} never blocks, and
 * when the queue is full the line is dropped and counted in {@code
 * portico_accesslog_dropped_total{reason="queue-full"}}. Lines the output fails to take are counted
 * with {@code reason="write-failed"}; the output is reopened for the next batch. The writer
 * switches outputs when a line's target differs from the open one (a reload changed it).
 *
 * <p>{@link #close} stops taking lines, writes every queued line, flushes and closes the output.
 * Thread-safe.
 */
final class AccessLogWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AccessLogWriter.class);
  private static final int BATCH = 512;

  private record Entry(AccessLogTarget target, String line) {}

  /** Opens the output for a target; a seam for tests that need a slow or failing output. */
  interface Opener {
    LineOutput open(AccessLogTarget target) throws IOException;
  }

  private final Opener opener;

  private final BlockingQueue<Entry> queue;
  private final Counter droppedFull;
  private final Counter droppedFailed;
  private final Counter written;
  private final Thread thread;
  private volatile boolean closing;

  /** Touched by the writer thread only. */
  private LineOutput output;

  private AccessLogTarget openTarget;
  private boolean failing;

  AccessLogWriter(int capacity, MeterRegistry meters) {
    this(capacity, meters, LineOutput::open);
  }

  AccessLogWriter(int capacity, MeterRegistry meters, Opener opener) {
    this.opener = opener;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.droppedFull = dropped(meters, "queue-full");
    this.droppedFailed = dropped(meters, "write-failed");
    this.written =
        Counter.builder("portico.accesslog.written")
            .description("Access-log lines written")
            .register(meters);
    Gauge.builder("portico.accesslog.queue.size", queue, BlockingQueue::size)
        .description("Access-log lines waiting for the writer thread")
        .register(meters);
    this.thread = new Thread(this::run, "portico-access-log");
    thread.setDaemon(true);
    thread.start();
  }

  private static Counter dropped(MeterRegistry meters, String reason) {
    return Counter.builder("portico.accesslog.dropped")
        .description(
            "Access-log lines lost: queue-full (writer behind) or write-failed (I/O error)")
        .tag("reason", reason)
        .register(meters);
  }

  /** Queues {@code line} for {@code target}; never blocks. False when it was dropped. */
  boolean offer(AccessLogTarget target, String line) {
    if (closing || !queue.offer(new Entry(target, line))) {
      droppedFull.increment();
      return false;
    }
    return true;
  }

  private void run() {
    List<Entry> batch = new ArrayList<>(BATCH);
    while (!closing || !queue.isEmpty()) {
      try {
        Entry first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        write(batch);
      } catch (InterruptedException e) {
        // close() is draining; keep going until the queue is empty.
      } catch (RuntimeException e) {
        log.error("Access-log writer failed; {} lines lost", batch.size(), e);
        droppedFailed.increment(batch.size());
      }
      batch.clear();
    }
    closeOutput();
  }

  private void write(List<Entry> batch) {
    int done = 0;
    try {
      for (Entry entry : batch) {
        ensureOpen(entry.target());
        output.write((entry.line() + "\n").getBytes(StandardCharsets.UTF_8));
        done++;
      }
      output.flush();
      written.increment(done);
      if (failing) {
        log.info("Access log writes to {} again", describe(openTarget));
        failing = false;
      }
    } catch (IOException e) {
      // The output buffers until the flush at the end, so the batch is counted lost as a whole.
      droppedFailed.increment(batch.size());
      if (!failing) {
        log.warn("Access log cannot write to {}: {}", describe(openTarget), e.toString());
        failing = true;
      }
      closeOutput();
    }
  }

  private void ensureOpen(AccessLogTarget target) throws IOException {
    if (output != null && target.equals(openTarget)) {
      return;
    }
    closeOutput();
    openTarget = target;
    output = opener.open(target);
  }

  private void closeOutput() {
    if (output == null) {
      return;
    }
    try {
      output.close();
    } catch (IOException e) {
      log.warn("Access log could not close {}: {}", describe(openTarget), e.toString());
    }
    output = null;
  }

  private static String describe(AccessLogTarget target) {
    return target == null || target.isStdout() ? "stdout" : target.file().toString();
  }

  /** Stops taking lines, writes those queued, flushes and closes the output. */
  @Override
  public void close() {
    closing = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
