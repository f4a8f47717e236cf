package dev.portico.auth.spring;

import dev.portico.auth.Principal;
import dev.portico.auth.authz.Decision;
import dev.portico.auth.authz.RoutePolicy;
import dev.portico.config.model.RouteAuth;
import java.time.Clock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Decides, after authentication, whether the caller may use the route ({@link RoutePolicy}). A
 * refusal is 403 — or 401 with a challenge when the caller is anonymous on a route that accepts
 * credentials, since authenticating could change the answer. Every decision is counted and logged
 * on the {@code portico.authz} logger as one line of key=value pairs (refusals at INFO, grants at
 * DEBUG). Immutable; built once per route and configuration snapshot; evaluates on the calling
 * thread without blocking.
 */
public final class AuthorizationFilter implements GatewayFilter {

  private static final Logger DECISIONS = LoggerFactory.getLogger("portico.authz");

  /** The exchange attribute where the gateway keeps the request id (its RequestIdFilter). */
  private static final String REQUEST_ID_ATTR = "portico.requestId";

  private final RoutePolicy policy;
  private final RouteAuth auth;
  private final AuthorizationContext context;

  /**
   * What the authorization filters of one snapshot share.
   *
   * @param realm realm of the challenge sent to anonymous callers
   * @param clientIp the client's address for an exchange (trusted proxies applied)
   * @param metrics decision counters
   * @param clock the time conditions see as {@code request.time}
   * @param denials where refusals are kept for the admin console
   */
  public record AuthorizationContext(
      String realm,
      Function<ServerWebExchange, String> clientIp,
      AuthorizationMetrics metrics,
      Clock clock,
      RecentDenials denials) {}

  /**
   * @param auth the route's authentication, or null when it has none
   */
  public AuthorizationFilter(RoutePolicy policy, RouteAuth auth, AuthorizationContext context) {
    this.policy = policy;
    this.auth = auth;
    this.context = context;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    Principal principal = exchange.getAttribute(AuthenticationFilter.PRINCIPAL_ATTR);
    Decision decision =
        policy.decide(
            new ExchangeAccessRequest(exchange, context.clientIp(), context.clock().instant()),
            principal);
    context.metrics().decision(policy.routeId(), decision.outcome());
    if (decision.conditionFailed()) {
      context.metrics().conditionError(policy.routeId());
    }
    log(exchange, principal, decision);
    if (decision.allowed()) {
      return chain.filter(exchange);
    }
    context
        .denials()
        .add(
            new RecentDenials.Denial(
                context.clock().instant(),
                policy.routeId(),
                decision.outcome(),
                principal == null ? null : principal.subject(),
                decision.policy(),
                decision.rule(),
                decision.reason(),
                exchange.getRequest().getMethod().name(),
                exchange.getRequest().getURI().getRawPath(),
                exchange.getAttribute(REQUEST_ID_ATTR)));
    if (principal == null && auth != null) {
      return Mono.error(
          new AuthenticationFailedException(
              401,
              "This route requires authentication.",
              Challenges.of(auth, context.realm(), null, null)));
    }
    return Mono.error(new AccessDeniedException());
  }

  private void log(ServerWebExchange exchange, Principal principal, Decision decision) {
    boolean allowed = decision.allowed();
    if (allowed ? !DECISIONS.isDebugEnabled() : !DECISIONS.isInfoEnabled()) {
      return;
    }
    String line =
        "decision route="
            + policy.routeId()
            + " outcome="
            + decision.outcome()
            + " subject="
            + quoted(principal == null ? null : principal.subject())
            + " policy="
            + quoted(decision.policy())
            + " rule="
            + quoted(decision.rule())
            + " reason="
            + quoted(decision.reason())
            + " method="
            + exchange.getRequest().getMethod().name()
            + " path="
            + quoted(exchange.getRequest().getURI().getRawPath())
            + " request_id="
            + quoted(exchange.getAttribute(REQUEST_ID_ATTR));
    if (allowed) {
      DECISIONS.debug(line);
    } else {
      DECISIONS.info(line);
    }
  }

  /** "-" for nothing; values with spaces, quotes or control characters quoted and escaped. */
  static String quoted(String value) {
    if (value == null || value.isEmpty()) {
      return "-";
    }
    boolean plain = true;
    for (int i = 0; i < value.length() && plain; i++) {
      char c = value.charAt(i);
      plain = c > ' ' && c != '"' && c != '\\' && c != '=' && c < 0x7f;
    }
    if (plain) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < ' ' || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
