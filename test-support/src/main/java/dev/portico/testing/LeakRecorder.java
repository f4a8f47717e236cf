package dev.portico.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Records every leak Netty's detector reports in this JVM, so tests can fail on them. Installed
 * once per test JVM by {@link LeakDetectionSessionListener}, before any Netty buffer class loads.
 */
public final class LeakRecorder {

  private static final List<String> LEAKS = new ArrayList<>();
  private static volatile boolean installed;

  private LeakRecorder() {}

  static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
  }

  /**
   * Makes the detector report what has leaked so far: collects garbage, then allocates buffers,
   * because Netty only checks for collected-but-unreleased buffers when it tracks a new one.
   */
  public static List<String> drain() {
    for (int round = 0; round < 3; round++) {
      System.gc();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      for (int i = 0; i < 16; i++) {
        release(PooledByteBufAllocator.DEFAULT.directBuffer(8));
        release(PooledByteBufAllocator.DEFAULT.heapBuffer(8));
        release(UnpooledByteBufAllocator.DEFAULT.directBuffer(8));
        release(UnpooledByteBufAllocator.DEFAULT.heapBuffer(8));
      }
    }
    synchronized (LEAKS) {
      List<String> copy = List.copyOf(LEAKS);
      LEAKS.clear();
      return copy;
    }
  }

  private static void release(ByteBuf buffer) {
    buffer.release();
  }

  static void record(String leak) {
    synchronized (LEAKS) {
      LEAKS.add(leak);
    }
  }

  private static final class RecordingFactory extends ResourceLeakDetectorFactory {
    @Override
    @SuppressWarnings("deprecation")
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval, long maxActive) {
      return new RecordingDetector<>(resource, samplingInterval);
    }

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval) {
      return new RecordingDetector<>(resource, samplingInterval);
    }
  }

  private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
    RecordingDetector(Class<T> resource, int samplingInterval) {
      super(resource, samplingInterval);
    }

    @Override
    protected boolean needReport() {
      return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      record("LEAK of " + resourceType + ":" + records);
      super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      record("LEAK of " + resourceType + " (no records)");
      super.reportUntracedLeak(resourceType);
    }
  }
}
