package dev.portico.auth.spring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The last requests authorization refused, newest first, for the admin console: a fixed-size ring
 * that forgets the oldest. It keeps what the decision log line says (route, subject, policy, rule,
 * reason, method, path, request id), never credentials. Thread-safe; adding is a short critical
 * section on the request thread, taken only for refusals.
 */
public final class RecentDenials {

  /** One refusal. {@code outcome} is the decision's outcome (deny, no-match, anonymous, ...). */
  public record Denial(
      Instant at,
      String route,
      String outcome,
      String subject,
      String policy,
      String rule,
      String reason,
      String method,
      String path,
      String requestId) {}

  private final Denial[] ring;
  private int next;
  private long total;

  /** Keeps the last {@code capacity} refusals. */
  public RecentDenials(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.ring = new Denial[capacity];
  }

  public synchronized void add(Denial denial) {
    ring[next] = denial;
    next = (next + 1) % ring.length;
    total++;
  }

  /** The refusals kept, newest first. */
  public synchronized List<Denial> newestFirst() {
    List<Denial> list = new ArrayList<>(ring.length);
    for (int i = 1; i <= ring.length; i++) {
      Denial denial = ring[Math.floorMod(next - i, ring.length)];
      if (denial == null) {
        break;
      }
      list.add(denial);
    }
    return list;
  }

  /** Refusals seen since start, including those no longer kept. */
  public synchronized long total() {
    return total;
  }
}
