package dev.portico.gateway.ratelimit;

import dev.portico.ratelimit.GcraLimit;
import dev.portico.ratelimit.LimitSet;
import dev.portico.ratelimit.RateDecision;

/**
 * The IETF rate-limit headers (draft-ietf-httpapi-ratelimit-headers, structured-field form): one
 * list item per limit, named {@code "<policy>:<rate>"} (tiers: {@code "<policy>/<tier>:<rate>"}).
 *
 * <pre>
 * RateLimit-Policy: "orders:100/s";q=100;w=1, "orders:1000/min";q=1000;w=60
 * RateLimit: "orders:100/s";r=37;t=1, "orders:1000/min";r=812;t=12
 * </pre>
 *
 * {@code q} is the quota and {@code w} its window in seconds; {@code r} the requests left now and
 * {@code t} the seconds until the quota is whole again. Not thread-safe; one per request.
 */
final class RateLimitHeaders {

  static final String POLICY = "RateLimit-Policy";
  static final String STATE = "RateLimit";

  private final StringBuilder policy = new StringBuilder(64);
  private final StringBuilder state = new StringBuilder(64);

  void add(LimitSet limits, RateDecision decision) {
    for (int i = 0; i < limits.size(); i++) {
      GcraLimit limit = limits.get(i);
      String item = '"' + limits.name() + ':' + limit.rate() + '"';
      separate(policy)
          .append(item)
          .append(";q=")
          .append(limit.rate().count())
          .append(";w=")
          .append(limit.windowSeconds());
      if (!decision.uncounted()) {
        separate(state)
            .append(item)
            .append(";r=")
            .append(decision.remaining()[i])
            .append(";t=")
            .append(seconds(decision.resetNanos()[i]));
      }
    }
  }

  String policy() {
    return policy.toString();
  }

  String state() {
    return state.toString();
  }

  /** Whole seconds, rounded up: a client that waits that long is not refused again. */
  static long seconds(long nanos) {
    return (nanos + 999_999_999L) / 1_000_000_000L;
  }

  private static StringBuilder separate(StringBuilder out) {
    return out.isEmpty() ? out : out.append(", ");
  }
}
