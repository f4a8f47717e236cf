package dev.portico.gateway.admin;

import dev.portico.admin.ConfigHistory;
import dev.portico.admin.SecretMasker;
import dev.portico.auth.spring.RecentDenials;
import dev.portico.config.ConfigError;
import dev.portico.config.model.AdminSettings;
import dev.portico.gateway.error.ProblemType;
import dev.portico.gateway.ratelimit.LimitedKeyLog;
import dev.portico.gateway.reload.ConfigReloadService;
import dev.portico.gateway.snapshot.SnapshotHolder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The JSON admin API under {@code /admin/api/v1/}; the caller is already authenticated and allowed
 * the method (see {@link AdminWebFilter}). File work runs on the bounded-elastic scheduler, never
 * on an event loop.
 */
final class AdminApi {

  static final String PREFIX = "/admin/api/v1";

  private static final Pattern VERSION = Pattern.compile("/config/history/(\\d{1,6})");

  /** An IP literal (never a host name: a simulation must not look names up). */
  private static final Pattern IP_LITERAL =
      Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private static final Pattern ROLLBACK = Pattern.compile("/config/history/(\\d{1,6})/rollback");
  private static final Pattern ROUTE_SERIES = Pattern.compile("/traffic/routes/([^/]{1,200})");

  private final SnapshotHolder snapshots;
  private final ConfigReloadService reloads;
  private final ConfigHistory history;
  private final TrafficFigures traffic;
  private final GuardFigures guards;
  private final RecentDenials recentDenials;
  private final LimitedKeyLog limitedKeys;
  private final RouteSeries routeSeries;
  private final Clock clock;

  AdminApi(
      SnapshotHolder snapshots,
      ConfigReloadService reloads,
      ConfigHistory history,
      TrafficFigures traffic,
      GuardFigures guards,
      RecentDenials recentDenials,
      LimitedKeyLog limitedKeys,
      RouteSeries routeSeries,
      Clock clock) {
    this.snapshots = snapshots;
    this.routeSeries = routeSeries;
    this.limitedKeys = limitedKeys;
    this.recentDenials = recentDenials;
    this.reloads = reloads;
    this.history = history;
    this.traffic = traffic;
    this.guards = guards;
    this.clock = clock;
  }

  /** Whether {@code path} (after the prefix) with {@code method} names an endpoint. */
  static boolean exists(String method, String path) {
    boolean get = "GET".equals(method);
    boolean post = "POST".equals(method);
    return switch (path) {
      case "/me",
          "/config",
          "/config/history",
          "/routes",
          "/upstreams",
          "/security",
          "/rate-limits",
          "/traffic",
          "/openapi.yaml" ->
          get;
      case "/config/validate", "/config/diff", "/config/apply", "/simulate" -> post;
      default ->
          (get && (VERSION.matcher(path).matches() || ROUTE_SERIES.matcher(path).matches()))
              || (post && ROLLBACK.matcher(path).matches());
    };
  }

  Mono<Void> handle(ServerWebExchange exchange, String path, AdminCaller caller) {
    AdminSettings settings = snapshots.current().config().gateway().admin();
    Matcher version = VERSION.matcher(path);
    Matcher rollback = ROLLBACK.matcher(path);
    Matcher series = ROUTE_SERIES.matcher(path);
    return switch (path) {
      case "/me" -> ok(exchange, me(caller));
      case "/config" -> blocking(exchange, this::runningConfig);
      case "/config/history" -> blocking(exchange, history::history);
      case "/config/validate" -> withBody(exchange, body -> validate(exchange, body));
      case "/config/diff" -> withBody(exchange, body -> diff(exchange, body));
      case "/config/apply" -> withBody(exchange, body -> apply(exchange, body, caller, settings));
      case "/routes" -> ok(exchange, AdminViews.routes(snapshots.current()));
      case "/upstreams" -> ok(exchange, AdminViews.upstreams(snapshots.current()));
      case "/security" ->
          ok(exchange, AdminViews.security(snapshots.current(), guards, recentDenials));
      case "/rate-limits" ->
          // Reading the limited keys takes their summary's lock: off the event loop.
          blocking(exchange, () -> AdminViews.rateLimits(snapshots.current(), guards, limitedKeys));
      case "/traffic" -> ok(exchange, traffic.sample());
      case "/simulate" -> withBody(exchange, body -> simulate(exchange, body));
      case "/openapi.yaml" -> openApi(exchange);
      default -> {
        if (rollback.matches()) {
          yield rollback(exchange, rollback.group(1), caller, settings);
        }
        if (series.matches()) {
          yield routeSeries(exchange, series.group(1));
        }
        version.matches();
        yield versionText(exchange, version.group(1));
      }
    };
  }

  private Map<String, Object> runningConfig() throws IOException {
    String text = history.running();
    return Map.of(
        "file", history.configFile().getFileName().toString(),
        "yaml", SecretMasker.mask(text).text(),
        "digest", ConfigHistory.digest(text));
  }

  private Mono<Void> validate(ServerWebExchange exchange, Map<String, Object> body) {
    return blocking(
        exchange,
        () -> {
          List<ConfigError> errors = history.validate(unmasked(body));
          return Map.of("valid", errors.isEmpty(), "errors", errorsJson(errors));
        });
  }

  private Mono<Void> diff(ServerWebExchange exchange, Map<String, Object> body) {
    return blocking(
        exchange,
        () -> {
          String running = history.running();
          String proposed = unmasked(body);
          return Map.of(
              "diff",
              dev.portico.admin.LineDiff.unified(
                  SecretMasker.mask(running).text(),
                  SecretMasker.mask(proposed).text(),
                  "running",
                  "new"));
        });
  }

  private Mono<Void> apply(
      ServerWebExchange exchange,
      Map<String, Object> body,
      AdminCaller caller,
      AdminSettings settings) {
    String base = AdminJson.string(body, "base_digest");
    return Mono.fromCallable(
            () -> {
              String running = history.running();
              if (base == null || !base.equals(ConfigHistory.digest(running))) {
                return Optional.<ConfigHistory.Change>empty();
              }
              return Optional.of(
                  history.apply(
                      unmasked(body), caller.name(), "apply", settings, reloads::reloadNow));
            })
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            change ->
                change.isPresent()
                    ? change(exchange, change.get())
                    : AdminJson.problem(
                        exchange,
                        ProblemType.CONFLICT,
                        "The configuration changed since it was read (base_digest differs):"
                            + " load it again and redo the edit."))
        .onErrorResume(
            SecretMasker.UnknownPlaceholderException.class,
            e -> AdminJson.problem(exchange, ProblemType.BAD_REQUEST, e.getMessage()));
  }

  private Mono<Void> rollback(
      ServerWebExchange exchange, String id, AdminCaller caller, AdminSettings settings) {
    return Mono.fromCallable(
            () -> history.rollback(id, caller.name(), settings, reloads::reloadNow))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            change ->
                change.isPresent()
                    ? change(exchange, change.get())
                    : AdminJson.problem(
                        exchange, ProblemType.NOT_FOUND, "No kept version " + id + "."));
  }

  private Mono<Void> versionText(ServerWebExchange exchange, String id) {
    return Mono.fromCallable(() -> history.version(id))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            text ->
                text.isPresent()
                    ? ok(exchange, Map.of("id", id, "yaml", SecretMasker.mask(text.get()).text()))
                    : AdminJson.problem(
                        exchange, ProblemType.NOT_FOUND, "No kept version " + id + "."));
  }

  private Mono<Void> change(ServerWebExchange exchange, ConfigHistory.Change change) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("outcome", change.outcome());
    out.put("version", change.version());
    out.put("diff", change.diff());
    out.put("errors", errorsJson(change.errors()));
    boolean done = change.outcome().equals("applied") || change.outcome().equals("unchanged");
    return AdminJson.write(exchange, done ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY, out);
  }

  private Mono<Void> simulate(ServerWebExchange exchange, Map<String, Object> body) {
    String method = AdminJson.string(body, "method");
    String path = AdminJson.string(body, "path");
    if (method == null || path == null || !path.startsWith("/")) {
      return AdminJson.problem(
          exchange, ProblemType.BAD_REQUEST, "Needs method and path (starting with /).");
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (body.get("headers") instanceof Map<?, ?> given) {
      given.forEach((k, v) -> headers.put(String.valueOf(k), List.of(String.valueOf(v))));
    }
    String token = AdminJson.string(body, "token");
    if (token != null && !token.isBlank()) {
      headers.put("Authorization", List.of("Bearer " + token.strip()));
    }
    String clientIp = AdminJson.string(body, "client_ip");
    if (clientIp != null
        && !clientIp.isBlank()
        && !IP_LITERAL.matcher(clientIp.strip()).matches()) {
      return AdminJson.problem(
          exchange,
          ProblemType.BAD_REQUEST,
          "client_ip must be an IPv4 or IPv6 address, e.g. 203.0.113.7.");
    }
    return AdminViews.simulate(
            snapshots.current(),
            method,
            path,
            headers,
            clientIp == null || clientIp.isBlank() ? null : clientIp.strip(),
            AdminJson.string(body, "client_region"),
            clock.instant())
        .flatMap(result -> ok(exchange, result));
  }

  /**
   * One route's time series; 404 for a route that neither exists nor has had requests. Reading
   * waits for a sample in progress, so it runs off the event loop.
   */
  private Mono<Void> routeSeries(ServerWebExchange exchange, String route) {
    boolean configured =
        snapshots.current().config().routes().stream().anyMatch(r -> r.id().equals(route));
    return Mono.fromCallable(
            () ->
                configured || routeSeries.known(route)
                    ? Optional.of(routeSeries.series(route))
                    : Optional.<RouteSeries.Series>empty())
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            found ->
                found.isPresent()
                    ? ok(exchange, found.get())
                    : AdminJson.problem(
                        exchange, ProblemType.NOT_FOUND, "No route '" + route + "'."));
  }

  private Mono<Void> openApi(ServerWebExchange exchange) {
    return Mono.fromCallable(
            () -> {
              try (InputStream in =
                  AdminApi.class.getResourceAsStream("/dev/portico/admin/openapi.yaml")) {
                return in.readAllBytes();
              }
            })
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            bytes -> {
              var response = exchange.getResponse();
              response.getHeaders().setContentType(MediaType.parseMediaType("application/yaml"));
              return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
            });
  }

  private String unmasked(Map<String, Object> body) throws IOException {
    String yaml = AdminJson.string(body, "yaml");
    if (yaml == null) {
      throw new SecretMasker.UnknownPlaceholderException("The body needs yaml (the text).");
    }
    return SecretMasker.unmask(yaml, history.running());
  }

  private static List<Map<String, Object>> errorsJson(List<ConfigError> errors) {
    return errors.stream()
        .map(
            e -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("line", e.line());
              m.put("column", e.column());
              m.put("path", e.path());
              m.put("message", e.message());
              return m;
            })
        .toList();
  }

  private static Mono<Void> ok(ServerWebExchange exchange, Object body) {
    return AdminJson.write(exchange, HttpStatus.OK, body);
  }

  private Mono<Void> withBody(
      ServerWebExchange exchange,
      java.util.function.Function<Map<String, Object>, Mono<Void>> handler) {
    return AdminJson.body(exchange)
        .flatMap(handler)
        .onErrorResume(
            SecretMasker.UnknownPlaceholderException.class,
            e -> AdminJson.problem(exchange, ProblemType.BAD_REQUEST, e.getMessage()))
        .onErrorResume(
            tools.jackson.core.JacksonException.class,
            e ->
                AdminJson.problem(
                    exchange, ProblemType.BAD_REQUEST, "The body is not a JSON object."));
  }

  private static Mono<Void> blocking(ServerWebExchange exchange, Callable<Object> work) {
    return Mono.fromCallable(work)
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(IOException.class, UncheckedIOException::new)
        .flatMap(result -> ok(exchange, result));
  }

  /**
   * Who the caller is, and how to sign out: a browser session ends at the login's logout path
   * (which also logs out at the provider when it supports it); a token caller just forgets the
   * token.
   */
  private Map<String, Object> me(AdminCaller caller) {
    Map<String, Object> me = new LinkedHashMap<>();
    me.put("name", caller.name());
    me.put("level", caller.level().tag());
    me.put("session", caller.session());
    if (caller.session()) {
      me.put("logout_path", snapshots.current().config().gateway().auth().session().logoutPath());
    }
    return me;
  }
}
