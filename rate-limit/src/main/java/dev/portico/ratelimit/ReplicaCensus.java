package dev.portico.ratelimit;

import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many gateway replicas share the limits: the configured number, or the number observed through
 * Redis, where every replica announces itself every {@link #PERIOD} (a sorted set with one member
 * per replica, members older than three periods dropped). While Redis cannot be reached the last
 * observed number stays — exactly what {@code on-store-failure: local} needs. Never less than one.
 * Thread-safe.
 */
public final class ReplicaCensus implements AutoCloseable {

  /** How often a replica announces itself. */
  public static final Duration PERIOD = Duration.ofSeconds(5);

  private final Integer configured;
  private final RedisStore store;
  private final String member = UUID.randomUUID().toString();
  private final AtomicInteger observed = new AtomicInteger(1);
  private final ScheduledFuture<?> task;

  /**
   * @param configured the configured number of replicas, or null to observe it
   * @param scheduler runs the announcements; owned by the caller
   */
  public ReplicaCensus(Integer configured, RedisStore store, ScheduledExecutorService scheduler) {
    this.configured = configured;
    this.store = store;
    this.task =
        configured != null
            ? null
            : scheduler.scheduleWithFixedDelay(
                this::announce, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A census of a fixed number, without Redis. */
  public ReplicaCensus(int configured) {
    this.configured = configured;
    this.store = null;
    this.task = null;
  }

  /** Announces this replica now and updates the observed count when Redis answers. */
  public void announce() {
    if (store == null) {
      return;
    }
    String[] keys = {store.keyPrefix() + "{replicas}"};
    store
        .<Long>run(
            RedisScript.CENSUS,
            ScriptOutputType.INTEGER,
            keys,
            member,
            Long.toString(PERIOD.toMillis() * 3))
        .thenAccept(count -> observed.set((int) Math.max(1, Math.min(Integer.MAX_VALUE, count))));
  }

  /** The number of replicas to divide limits by. */
  public int replicas() {
    return configured != null ? configured : observed.get();
  }

  @Override
  public void close() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
