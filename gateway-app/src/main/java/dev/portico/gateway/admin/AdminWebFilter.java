package dev.portico.gateway.admin;

import dev.portico.admin.AdminAccess;
import dev.portico.auth.AuthResult;
import dev.portico.auth.spring.login.BrowserLogin;
import dev.portico.auth.spring.login.LoginEndpointsWebFilter;
import dev.portico.config.model.AdminSettings;
import dev.portico.gateway.error.ProblemType;
import dev.portico.gateway.snapshot.GatewaySnapshot;
import dev.portico.gateway.snapshot.SnapshotHolder;
import java.util.List;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The admin console and API on the management port: serves {@code /admin/…} and, when operators
 * sign in through an issuer, the login callback and logout paths. Everything else (actuator) passes
 * through.
 *
 * <p>Callers are an admin session (the browser login cookie), a Bearer access token of the admin
 * issuer, or the bootstrap token. Anonymous API calls get 401, callers without an admin or
 * read-only role 403, read-only callers 403 for anything but GET. Session calls that change
 * something must pass the {@link Csrf} check. Reads the configuration snapshot per request, so
 * roles and tokens follow reloads.
 */
final class AdminWebFilter implements WebFilter, Ordered {

  private final SnapshotHolder snapshots;
  private final AdminApi api;
  private final ConsolePages pages;

  AdminWebFilter(SnapshotHolder snapshots, AdminApi api, ConsolePages pages) {
    this.snapshots = snapshots;
    this.api = api;
    this.pages = pages;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 100;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    GatewaySnapshot snapshot = snapshots.current();
    AdminSettings admin = snapshot.config().gateway().admin();
    boolean adminPath = path.equals("/admin") || path.startsWith("/admin/");
    if (admin == null) {
      return adminPath
          ? AdminJson.problem(exchange, ProblemType.NOT_FOUND, "The admin console is not enabled.")
          : chain.filter(exchange);
    }
    BrowserLogin login = admin.issuer() == null ? null : snapshot.auth().context().login();
    if (!adminPath) {
      return login == null
          ? chain.filter(exchange)
          : new LoginEndpointsWebFilter(() -> login).filter(exchange, chain);
    }
    if (path.startsWith(ConsolePages.ASSETS)) {
      return pages.asset(exchange, path);
    }
    return caller(exchange, snapshot, admin, login)
        .flatMap(caller -> route(exchange, path, admin, login, caller));
  }

  private Mono<Void> route(
      ServerWebExchange exchange,
      String path,
      AdminSettings admin,
      BrowserLogin login,
      Optional<AdminCaller> caller) {
    String method = exchange.getRequest().getMethod().name();
    if (!path.startsWith(AdminApi.PREFIX + "/")) {
      if (caller.isEmpty() && login != null) {
        return login.redirectToLogin(exchange, admin.issuer());
      }
      return pages.page(exchange, path, caller.orElse(null));
    }
    String endpoint = path.substring(AdminApi.PREFIX.length());
    if (caller.isEmpty()) {
      exchange
          .getResponse()
          .getHeaders()
          .set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"portico-admin\"");
      return AdminJson.problem(
          exchange,
          ProblemType.UNAUTHENTICATED,
          "Sign in to the console, or send an admin Bearer token.");
    }
    AdminCaller who = caller.get();
    if (who.level() == AdminAccess.Level.NONE) {
      return AdminJson.problem(
          exchange, ProblemType.FORBIDDEN, "Your roles do not give access to the admin API.");
    }
    if (!who.level().permits(method)) {
      return AdminJson.problem(
          exchange, ProblemType.FORBIDDEN, "Your role may read but not change anything.");
    }
    if (who.session() && !"GET".equals(method) && !"HEAD".equals(method)) {
      Optional<String> refusal = Csrf.check(exchange);
      if (refusal.isPresent()) {
        return AdminJson.problem(exchange, ProblemType.CSRF_REJECTED, refusal.get());
      }
    }
    if (!AdminApi.exists(method, endpoint)) {
      return AdminJson.problem(
          exchange, ProblemType.NOT_FOUND, "No admin API endpoint " + method + " " + path + ".");
    }
    return api.handle(exchange, endpoint, who);
  }

  /** The caller, from the Authorization header if any, else the session cookie. */
  private static Mono<Optional<AdminCaller>> caller(
      ServerWebExchange exchange,
      GatewaySnapshot snapshot,
      AdminSettings admin,
      BrowserLogin login) {
    String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return Mono.just(Optional.empty());
      }
      String token = authorization.substring(7).strip();
      if (AdminAccess.isBootstrapToken(token, admin)) {
        return Mono.just(
            Optional.of(new AdminCaller("bootstrap-token", AdminAccess.Level.ADMIN, false)));
      }
      if (admin.issuer() == null) {
        return Mono.just(Optional.empty());
      }
      return snapshot
          .auth()
          .context()
          .issuers()
          .authenticateBearer(token, List.of(admin.issuer()))
          .map(
              result ->
                  result instanceof AuthResult.Authenticated ok
                      ? Optional.of(
                          new AdminCaller(
                              ok.principal().subject(),
                              AdminAccess.levelOf(ok.principal().roles(), admin),
                              false))
                      : Optional.<AdminCaller>empty());
    }
    if (login == null) {
      return Mono.just(Optional.empty());
    }
    return login
        .session(exchange, admin.issuer())
        .map(
            session ->
                Optional.of(
                    new AdminCaller(
                        session.principal().subject(),
                        AdminAccess.levelOf(session.principal().roles(), admin),
                        true)))
        .defaultIfEmpty(Optional.empty());
  }
}
