package dev.portico.traffic;

import java.util.function.Predicate;

/**
 * Sticky sessions on top of another balancer: a request whose cookie pins an endpoint that is still
 * in the upstream and acceptable (healthy, not yet tried) goes there; otherwise the fallback
 * balancer chooses and the caller must set the cookie to the new endpoint ({@link
 * Choice#setCookie}). A pin is honoured only while its endpoint is acceptable, so an unhealthy
 * endpoint's sessions move (and stay) where the fallback sends them. Immutable, thread-safe.
 */
public final class StickyBalancer<T> {

  /**
   * The decision for one attempt.
   *
   * @param endpoint the chosen endpoint, {@code null} when none is acceptable
   * @param setCookie whether the response must set the cookie (no valid pin, or a re-pin)
   * @param cookieValue the value for the chosen endpoint, {@code null} when none was chosen
   */
  public record Choice<T>(T endpoint, boolean setCookie, String cookieValue) {}

  private final StickyCookieCodec<T> codec;
  private final Balancer<T> fallback;

  /**
   * @param codec built for the same endpoints as {@code fallback}
   * @param fallback chooses for requests without a usable pin
   */
  public StickyBalancer(StickyCookieCodec<T> codec, Balancer<T> fallback) {
    this.codec = codec;
    this.fallback = fallback;
  }

  /**
   * @param cookieValue the request's sticky cookie value, or {@code null} without one
   * @param keyHash passed to the fallback balancer (used only by hashing balancers)
   */
  public Choice<T> choose(CharSequence cookieValue, long keyHash, Predicate<? super T> acceptable) {
    T pinned = codec.decode(cookieValue);
    if (pinned != null && acceptable.test(pinned)) {
      return new Choice<>(pinned, false, codec.encode(pinned));
    }
    T chosen = fallback.choose(keyHash, acceptable);
    return chosen == null
        ? new Choice<>(null, false, null)
        : new Choice<>(chosen, true, codec.encode(chosen));
  }

  /**
   * What {@link #choose} would answer, without choosing: the pinned endpoint while it is
   * acceptable, else the fallback's preview ({@code keyed}: whether {@code keyHash} is the
   * request's own key rather than a stand-in). Side-effect free.
   */
  public BalancerPreview<T> preview(
      CharSequence cookieValue, long keyHash, boolean keyed, Predicate<? super T> acceptable) {
    T pinned = codec.decode(cookieValue);
    if (pinned != null && acceptable.test(pinned)) {
      return BalancerPreview.exactly(pinned);
    }
    return keyed ? fallback.preview(keyHash, acceptable) : fallback.preview(acceptable);
  }
}
