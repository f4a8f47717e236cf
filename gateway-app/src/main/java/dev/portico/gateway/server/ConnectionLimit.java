package dev.portico.gateway.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the client connections open at once on the public listener. A connection over the cap is
 * closed as soon as it is accepted, before a byte is read: a flood of idle connections cannot
 * exhaust file descriptors or memory. Thread-safe; the count is exported as {@code
 * portico_connections_active} and refusals as {@code portico_connections_refused_total}.
 */
public final class ConnectionLimit {

  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  private final Counter refused;

  /**
   * @param max the most connections open at once; 0 for no cap (the count is still kept)
   */
  public ConnectionLimit(int max, MeterRegistry meters) {
    this.max = max;
    Gauge.builder("portico.connections.active", open, AtomicInteger::get)
        .description("Client connections open on the public listener")
        .register(meters);
    this.refused =
        Counter.builder("portico.connections.refused")
            .description("Client connections closed on accept because of a listener limit")
            .tag("reason", "max-connections")
            .register(meters);
  }

  /**
   * Counts {@code channel} in, or closes it when the cap is reached.
   *
   * @return whether the connection was admitted
   */
  public boolean admit(Channel channel) {
    int now = open.incrementAndGet();
    if (max > 0 && now > max) {
      open.decrementAndGet();
      refused.increment();
      channel.close();
      return false;
    }
    channel.closeFuture().addListener(closed -> open.decrementAndGet());
    return true;
  }

  int open() {
    return open.get();
  }
}
