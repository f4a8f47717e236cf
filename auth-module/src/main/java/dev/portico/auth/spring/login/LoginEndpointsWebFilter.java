package dev.portico.auth.spring.login;

import java.util.function.Supplier;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Serves the browser login endpoints of the current configuration snapshot, before routing:
 *
 * <ul>
 *   <li>{@code GET {callback-path}}: completes a login (see {@link BrowserLogin}); 302 to the page
 *       the login started from, or problem+json 400/401/502;
 *   <li>{@code GET|POST {logout-path}}: clears the session; 302 to the provider's logout or {@code
 *       /}.
 * </ul>
 *
 * Other methods on those paths get 405 problem+json with {@code Allow}. Every other request, and
 * every request while no route uses login (the supplier returns null), passes through untouched.
 *
 * <p>Thread-safe; reads the supplier once per request, so a configuration reload takes effect for
 * the next request.
 */
public final class LoginEndpointsWebFilter implements WebFilter, Ordered {

  /**
   * Order used by {@link #LoginEndpointsWebFilter(Supplier)}: early, before routing; the gateway's
   * ordering table should pass its own with {@link #LoginEndpointsWebFilter(Supplier, int)}.
   */
  public static final int DEFAULT_ORDER = -9_000;

  private final Supplier<BrowserLogin> login;
  private final int order;

  /**
   * @param login the current snapshot's browser login; may return null when no route uses login
   * @param order this filter's place among web filters
   */
  public LoginEndpointsWebFilter(Supplier<BrowserLogin> login, int order) {
    this.login = login;
    this.order = order;
  }

  /** With {@link #DEFAULT_ORDER}. */
  public LoginEndpointsWebFilter(Supplier<BrowserLogin> login) {
    this(login, DEFAULT_ORDER);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    BrowserLogin current = login.get();
    if (current == null) {
      return chain.filter(exchange);
    }
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    HttpMethod method = exchange.getRequest().getMethod();
    if (path.equals(current.callbackPath())) {
      if (HttpMethod.GET.equals(method)) {
        return current.handleCallback(exchange);
      }
      return notAllowed(exchange, "GET");
    }
    if (path.equals(current.logoutPath())) {
      if (HttpMethod.GET.equals(method) || HttpMethod.POST.equals(method)) {
        return current.handleLogout(exchange);
      }
      return notAllowed(exchange, "GET, POST");
    }
    return chain.filter(exchange);
  }

  @Override
  public int getOrder() {
    return order;
  }

  private static Mono<Void> notAllowed(ServerWebExchange exchange, String allow) {
    exchange.getResponse().getHeaders().set("Allow", allow);
    return LoginProblem.methodNotAllowed("This login endpoint accepts " + allow + ".")
        .write(exchange);
  }
}
