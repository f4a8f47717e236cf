package dev.portico.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a balancer would do with one request, worked out without choosing: previews never advance a
 * rotation, draw a random number, count a request in flight or pin a session, so asking as often as
 * one likes leaves the real decisions exactly as they would have been. Immutable.
 *
 * @param endpoint the endpoint that would be chosen when that is certain (a hashing balancer with
 *     the request's key, a valid sticky pin, or a single candidate), else {@code null}
 * @param candidates the endpoints one of which would be chosen, in the balancer's order: just
 *     {@code endpoint} when certain, empty when no endpoint is acceptable
 * @param <T> the endpoint type
 */
public record BalancerPreview<T>(T endpoint, List<T> candidates) {

  public BalancerPreview {
    candidates = List.copyOf(candidates);
  }

  /** Certain: {@code endpoint}, or no endpoint at all when it is {@code null}. */
  public static <T> BalancerPreview<T> exactly(T endpoint) {
    return endpoint == null
        ? new BalancerPreview<>(null, List.of())
        : new BalancerPreview<>(endpoint, List.of(endpoint));
  }

  /** One of the endpoints {@code acceptable} accepts (certain when only one does). */
  public static <T> BalancerPreview<T> oneOf(List<T> endpoints, Predicate<? super T> acceptable) {
    List<T> eligible = new ArrayList<>();
    for (T endpoint : endpoints) {
      if (acceptable.test(endpoint)) {
        eligible.add(endpoint);
      }
    }
    return eligible.size() == 1
        ? new BalancerPreview<>(eligible.get(0), eligible)
        : new BalancerPreview<>(null, eligible);
  }

  /** Whether the endpoint is known for certain. */
  public boolean certain() {
    return endpoint != null;
  }
}
