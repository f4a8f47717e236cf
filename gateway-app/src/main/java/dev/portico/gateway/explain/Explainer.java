package dev.portico.gateway.explain;

import dev.portico.auth.AuthResult;
import dev.portico.auth.Credential;
import dev.portico.auth.Principal;
import dev.portico.auth.Rejection;
import dev.portico.auth.authz.Decision;
import dev.portico.auth.authz.RoutePolicy;
import dev.portico.auth.spring.AuthenticationFilter;
import dev.portico.config.model.Route;
import dev.portico.config.model.RouteAuth;
import dev.portico.config.routing.PathNormalizer;
import dev.portico.config.routing.RouteLookup;
import dev.portico.gateway.explain.Explanation.Authentication;
import dev.portico.gateway.explain.Explanation.Authorization;
import dev.portico.gateway.explain.Explanation.TestedRule;
import dev.portico.gateway.snapshot.GatewaySnapshot;
import dev.portico.gateway.snapshot.RuntimeRoute;
import dev.portico.gateway.upstream.CallerRegion;
import dev.portico.gateway.upstream.EndpointPreview;
import dev.portico.gateway.upstream.RouteBalancing;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Says what Portico would do with a request, using the same pieces the request path uses: the path
 * normalizer, the route index, the route's credential checks and its compiled policy. Nothing is
 * sent upstream. Token checks may fetch the issuer's keys, so the result is asynchronous. Browser
 * sessions are not simulated. Used by {@code portico explain} and the admin console.
 */
public final class Explainer {

  private Explainer() {}

  /**
   * @param method the HTTP method
   * @param target a path with optional query ({@code /orders/1?x=y}), or an absolute URL whose host
   *     becomes the Host header unless one is given
   * @param headers request headers (name in any case)
   * @param clientIp the client's address, or "" (conditions on request.ip then see "")
   */
  public static Mono<Explanation> explain(
      GatewaySnapshot snapshot,
      String method,
      String target,
      Map<String, List<String>> headers,
      String clientIp,
      Instant now) {
    return explain(snapshot, method, target, headers, clientIp, null, now);
  }

  /**
   * As {@link #explain(GatewaySnapshot, String, String, Map, String, Instant)}, with the caller's
   * region for locality-aware balancing given ({@code callerRegion}) rather than found from the
   * region header and the client address by {@code gateway.client-locality} (null).
   */
  public static Mono<Explanation> explain(
      GatewaySnapshot snapshot,
      String method,
      String target,
      Map<String, List<String>> headers,
      String clientIp,
      String callerRegion,
      Instant now) {
    Map<String, List<String>> allHeaders = new LinkedHashMap<>(headers);
    String rawPath = target;
    String rawQuery = null;
    if (target.startsWith("http://") || target.startsWith("https://")) {
      URI uri = URI.create(target);
      rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      rawQuery = uri.getRawQuery();
      if (allHeaders.keySet().stream().noneMatch("host"::equalsIgnoreCase)) {
        allHeaders.put("Host", List.of(uri.getRawAuthority()));
      }
    } else {
      int question = target.indexOf('?');
      if (question >= 0) {
        rawPath = target.substring(0, question);
        rawQuery = target.substring(question + 1);
      }
    }
    PathNormalizer.Result normalized = snapshot.pathNormalizer().normalize(rawPath);
    if (normalized instanceof PathNormalizer.Result.Refused refused) {
      return Mono.just(
          new Explanation(
              rawPath, refused.reason(), null, "not routed", null, null, 400, null, null));
    }
    String path = ((PathNormalizer.Result.Normalized) normalized).path();
    SimulatedRequest request =
        new SimulatedRequest(method, path, rawQuery, allHeaders, clientIp, now);
    RouteLookup<RuntimeRoute> lookup = snapshot.routes().find(request);
    if (lookup instanceof RouteLookup.MethodNotAllowed<RuntimeRoute> notAllowed) {
      return Mono.just(
          new Explanation(
              path,
              null,
              null,
              "routes match the path but not "
                  + request.method()
                  + "; they accept "
                  + String.join(", ", notAllowed.allowed()),
              null,
              null,
              405,
              null,
              null));
    }
    if (!(lookup instanceof RouteLookup.Found<RuntimeRoute> found)) {
      return Mono.just(
          new Explanation(path, null, null, "no route matches", null, null, 404, null, null));
    }
    RuntimeRoute route = found.entry().payload();
    return authenticate(snapshot, route.config(), request)
        .map(step -> decide(route, request, path, step, callerRegion));
  }

  private static Explanation decide(
      RuntimeRoute route,
      SimulatedRequest request,
      String path,
      AuthStep step,
      String callerRegion) {
    Route config = route.config();
    String routing = "route '" + config.id() + "' matches";
    if (step.status() != 0) {
      return new Explanation(
          path, null, config.id(), routing, step.summary(), null, step.status(), null, null);
    }
    RoutePolicy policy = route.policy();
    if (policy == null) {
      return new Explanation(
          path,
          null,
          config.id(),
          routing,
          step.summary(),
          null,
          0,
          config.destination(),
          endpoint(route, request, step.principal(), callerRegion));
    }
    List<TestedRule> tested = new ArrayList<>();
    Decision decision =
        policy.decide(
            request,
            step.principal(),
            (kind, policyName, rule, when, result, error) ->
                tested.add(new TestedRule(kind, policyName, rule, when, result, error)));
    Authorization authorization =
        new Authorization(
            decision.outcome(), decision.policy(), decision.rule(), decision.reason(), tested);
    int status =
        decision.allowed() ? 0 : step.principal() == null && config.auth() != null ? 401 : 403;
    return new Explanation(
        path,
        null,
        config.id(),
        routing,
        step.summary(),
        authorization,
        status,
        status == 0 ? config.destination() : null,
        status == 0 ? endpoint(route, request, step.principal(), callerRegion) : null);
  }

  /**
   * The endpoint preview of the route's balancing for this request: hash keys, sticky cookies and
   * the caller's region read from the simulated request (the region header is taken as a trusted
   * proxy would send it), never choosing for real.
   */
  private static EndpointPreview endpoint(
      RuntimeRoute route, SimulatedRequest request, Principal principal, String callerRegion) {
    RouteBalancing balancing = route.balancing();
    String region = callerRegion;
    if (region == null || region.isBlank()) {
      CallerRegion lookup = balancing.callerRegion();
      String header = lookup.header();
      String clientIp = request.clientIp().isEmpty() ? null : request.clientIp();
      region = lookup.regionOf(header == null ? null : request.header(header), clientIp);
    }
    return balancing.upstream().preview(new SimulatedFacts(request, principal, region));
  }

  /** The outcome of authentication: what to report, the principal, and a status when refused. */
  private record AuthStep(Authentication summary, Principal principal, int status) {}

  private static Mono<AuthStep> authenticate(
      GatewaySnapshot snapshot, Route route, SimulatedRequest request) {
    RouteAuth auth = route.auth();
    if (auth == null) {
      String detail =
          route.publicRoute()
              ? "the route is public"
              : "the route has no auth block; authorization alone decides";
      return Mono.just(new AuthStep(step("not-required", "none", detail), null, 0));
    }
    Credential credential =
        Credential.find(
            auth, request.headers("Authorization"), request::header, request::queryParam);
    if (credential instanceof Credential.Absent) {
      if (auth.optional()) {
        return Mono.just(
            new AuthStep(
                step("anonymous", "none", "no credentials; the route's auth is optional"),
                null,
                0));
      }
      String detail =
          auth.login() != null
              ? "no credentials: a browser would be sent to log in, other clients get 401"
                  + " (browser sessions are not simulated)"
              : "no credentials, and the route requires them";
      return Mono.just(new AuthStep(step("rejected", "none", detail), null, 401));
    }
    String method = credential instanceof Credential.ApiKey ? "api-key" : "bearer";
    return AuthenticationFilter.check(credential, auth, snapshot.auth().context())
        .map(result -> authStep(result, method));
  }

  private static AuthStep authStep(AuthResult result, String method) {
    if (result instanceof AuthResult.Authenticated authenticated) {
      Principal principal = authenticated.principal();
      return new AuthStep(
          new Authentication(
              "authenticated",
              method,
              principal.issuer() != null
                  ? "verified by issuer '" + principal.issuer() + "'"
                  : "API key of consumer '" + principal.consumer() + "'",
              principal.subject(),
              principal.roles().stream().sorted().toList(),
              principal.scopes().stream().sorted().toList()),
          principal,
          0);
    }
    AuthResult.Rejected rejected = (AuthResult.Rejected) result;
    boolean unavailable = rejected.reason() == Rejection.UNAVAILABLE;
    return new AuthStep(
        step(
            unavailable ? "unavailable" : "rejected",
            method,
            rejected.reason().tag() + ": " + rejected.description()),
        null,
        unavailable ? 503 : 401);
  }

  private static Authentication step(String outcome, String method, String detail) {
    return new Authentication(outcome, method, detail, null, List.of(), List.of());
  }
}
