package dev.portico.gateway.upstream;

import dev.portico.config.model.StickyCookie;
import dev.portico.gateway.snapshot.UpstreamEndpoint;
import dev.portico.traffic.StickyCookieCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.web.server.ServerWebExchange;

/**
 * Session affinity for one upstream: reads the endpoint a client is pinned to from its cookie, and
 * pins it (Set-Cookie) to the endpoint that served it when that differs — at first contact, and
 * when the pinned endpoint was unhealthy or failed and a retry went elsewhere. The cookie value is
 * an HMAC of the endpoint's id, never its address. Immutable.
 */
public final class StickyCookies {

  private final StickyCookie settings;
  private final StickyCookieCodec<UpstreamEndpoint> codec;

  /**
   * @param fallbackSecret used when the configuration has no secret (per process)
   */
  public StickyCookies(
      String upstream,
      StickyCookie settings,
      List<UpstreamEndpoint> endpoints,
      byte[] fallbackSecret) {
    this.settings = settings;
    byte[] secret =
        settings.secret() != null
            ? settings.secret().getBytes(StandardCharsets.UTF_8)
            : fallbackSecret;
    this.codec = StickyCookieCodec.of(secret, upstream, endpoints, UpstreamEndpoint::toString);
  }

  /** The endpoint the request's cookie pins, or null (no cookie, tampered, unknown endpoint). */
  public UpstreamEndpoint pinned(ServerWebExchange exchange) {
    HttpCookie cookie = exchange.getRequest().getCookies().getFirst(settings.name());
    return cookie == null ? null : codec.decode(cookie.getValue());
  }

  /** The endpoint a cookie value pins, or null (none, tampered, unknown endpoint). */
  public UpstreamEndpoint pinned(String cookieValue) {
    return cookieValue == null ? null : codec.decode(cookieValue);
  }

  /** The cookie's name. */
  public String cookieName() {
    return settings.name();
  }

  /** Sets the cookie on the response when {@code served} is not the endpoint already pinned. */
  public void pin(ServerWebExchange exchange, UpstreamEndpoint pinned, UpstreamEndpoint served) {
    if (served == null || served.equals(pinned)) {
      return;
    }
    ResponseCookie.ResponseCookieBuilder cookie =
        ResponseCookie.from(settings.name(), codec.encode(served))
            .path("/")
            .httpOnly(true)
            .sameSite("Lax")
            .secure("https".equals(exchange.getRequest().getURI().getScheme()));
    if (settings.maxAge() != null) {
      cookie.maxAge(settings.maxAge());
    }
    exchange.getResponse().addCookie(cookie.build());
  }
}
