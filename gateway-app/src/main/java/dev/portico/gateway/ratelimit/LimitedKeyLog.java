package dev.portico.gateway.ratelimit;

import dev.portico.ratelimit.LimitedKeys;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The keys (callers) refused most often lately, per route and policy, for the admin console's Rate
 * limits page: a bounded {@link LimitedKeys} summary ({@value #CAPACITY} counters, windows of
 * {@link #WINDOW}) of masked keys ({@link KeyMask}: credentials never appear). Kept across reloads.
 * Recording never blocks; {@link #top} takes a short lock, so call it off the event loop.
 * Thread-safe.
 */
public final class LimitedKeyLog {

  /** Counters per window: keys with more than 1/128 of a window's refusals are always found. */
  public static final int CAPACITY = 128;

  /** One window; the figures cover the last one to two. */
  public static final Duration WINDOW = Duration.ofMinutes(5);

  private static final char SEPARATOR = '\u001f';

  /**
   * A key refused often lately.
   *
   * @param key the key's parts as {@code part=value}, joined by {@code " + "}, secrets masked
   * @param count refusals over the last one to two windows, never below the true number
   * @param error how much {@code count} may exceed the true number (0: exact)
   */
  public record Row(String route, String policy, String key, long count, long error) {}

  private final LimitedKeys keys;
  private final KeyMask mask;

  public LimitedKeyLog(Clock clock) {
    this.keys = new LimitedKeys(CAPACITY, WINDOW, clock);
    this.mask = new KeyMask(new SecureRandom());
  }

  /** Counts one refusal by {@code policy} (with its tier) of {@code limit}'s key on a route. */
  void record(String route, String policy, CompiledRateLimit limit, LimitedRequest request) {
    keys.record(route + SEPARATOR + policy + SEPARATOR + limit.shownKey(request, mask));
  }

  /** The {@code n} most refused keys, most first. */
  public List<Row> top(int n) {
    return keys.top(n).stream()
        .map(
            entry -> {
              String[] parts = entry.key().split(String.valueOf(SEPARATOR), 3);
              return new Row(parts[0], parts[1], parts[2], entry.count(), entry.error());
            })
        .toList();
  }

  /** Refusals not summarized because recording fell behind. */
  public long dropped() {
    return keys.dropped();
  }
}
