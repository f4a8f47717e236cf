package dev.portico.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak gate itself: a buffer dropped without release must be reported. */
class LeakRecorderTest {

  @Test
  void anUnreleasedBufferIsReported() {
    leakOneBuffer();
    assertThat(LeakRecorder.drain())
        .anySatisfy(leak -> assertThat(leak).startsWith("LEAK of ByteBuf"));
  }

  @Test
  void releasedBuffersAreNotReported() {
    ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(64);
    buffer.writeLong(42);
    buffer.release();
    assertThat(LeakRecorder.drain()).isEmpty();
  }

  private static void leakOneBuffer() {
    ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(64);
    buffer.writeLong(7);
  }
}
