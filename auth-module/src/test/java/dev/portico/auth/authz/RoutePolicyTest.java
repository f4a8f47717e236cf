package dev.portico.auth.authz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.auth.CredentialKind;
import dev.portico.auth.Principal;
import dev.portico.config.ConfigLoader;
import dev.portico.config.model.PorticoConfig;
import dev.portico.config.model.Route;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Authorization decisions of compiled route policies, from YAML through CEL to the decision. */
class RoutePolicyTest {

  private static final String CONFIG =
      """
      gateway: { default-policy: deny }
      issuers:
        idp: { issuer: "https://idp.example.com", audiences: [api] }
      consumers:
        shop: { api-keys: ["sha256:%s"], roles: [orders-reader] }
      policies:
        readers:
          allow:
            - name: reader-role
              roles: { any-of: [reader, admin] }
          deny:
            - name: suspended
              when: "has(token.suspended) && token.suspended == true"
        office-hours:
          allow:
            - when: "request.time.getHours('UTC') >= 0 && request.ip.startsWith('10.')"
      upstreams:
        orders: { endpoints: [ { url: "http://orders:8080" } ] }
      routes:
        - id: orders
          match: { path: /orders/** }
          upstream: orders
          metadata: { team: sales }
          auth: { bearer: { issuers: [idp] }, api-key: {} }
          authorization:
            policies: [readers]
            allow:
              - name: writers
                roles: { all-of: [writer, verified] }
                scopes: { any-of: ["orders:write"] }
                when: request.method in ['POST', 'PUT']
              - consumers: [shop]
              - when: >-
                  route.metadata.team == 'sales'
                  && request.headers['x-team'] == 'sales'
                  && request.query['tenant'] == token.tenant
              - when: "size(token.items) > 0 && token.items.all(i, i > 0)"
            deny:
              - when: "request.path.startsWith('/orders/internal')"
        - id: deny-only
          match: { path: /notes/** }
          upstream: orders
          auth: { bearer: { issuers: [idp] } }
          authorization:
            deny:
              - when: "request.headers['x-debug'] == '1'"
        - id: map-operations
          match: { path: /maps/** }
          upstream: orders
          auth: { bearer: { issuers: [idp] } }
          authorization:
            allow:
              - when: >-
                  'tenant' in token && size(token) == 3 && token['tenant'] == 'acme'
                  && token.org.team == 'blue' && token.org['size'] == 4
                  && 'x-trace' in request.headers && size(request.query) == 0
        - id: by-ip
          match: { path: /office/** }
          upstream: orders
          authorization: { policies: [office-hours] }
      """
          .formatted("0".repeat(64));

  private static final PorticoConfig PARSED = parse();

  @Test
  void aRoleFromANamedPolicyAllows() {
    Decision decision = decide("orders", get("/orders/1"), user(Set.of("reader"), Map.of()));

    assertThat(decision.allowed()).isTrue();
    assertThat(decision.policy()).isEqualTo("readers");
    assertThat(decision.rule()).isEqualTo("reader-role");
    assertThat(decision.reason()).isEqualTo("allow rule matched");
  }

  @Test
  void withoutAMatchingAllowRuleTheRequestIsRefused() {
    Decision decision = decide("orders", get("/orders/1"), user(Set.of("guest"), Map.of()));

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.policy()).isNull();
    assertThat(decision.rule()).isNull();
    assertThat(decision.reason()).startsWith("no allow rule matched");
  }

  @Test
  void aDenyRuleWinsOverAnAllowRule() {
    Decision decision =
        decide("orders", get("/orders/internal/x"), user(Set.of("admin"), Map.of()));

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.policy()).isNull();
    assertThat(decision.rule()).isEqualTo("deny[0]");
    assertThat(decision.reason()).isEqualTo("deny rule matched");
  }

  @Test
  void aDenyRuleOfANamedPolicyReadsTokenClaims() {
    Decision decision =
        decide("orders", get("/orders/1"), user(Set.of("admin"), Map.of("suspended", true)));

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.policy()).isEqualTo("readers");
    assertThat(decision.rule()).isEqualTo("suspended");
  }

  @Test
  void allOfRolesAnyOfScopesAndTheConditionMustAllHold() {
    Principal writer =
        principal("u1", Set.of("writer", "verified"), Set.of("orders:write"), Map.of(), null);
    Principal unverified =
        principal("u2", Set.of("writer"), Set.of("orders:write"), Map.of(), null);
    Principal noScope = principal("u3", Set.of("writer", "verified"), Set.of(), Map.of(), null);

    assertThat(decide("orders", request("POST", "/orders"), writer).rule()).isEqualTo("writers");
    assertThat(decide("orders", request("GET", "/orders"), writer).allowed()).isFalse();
    assertThat(decide("orders", request("POST", "/orders"), unverified).allowed()).isFalse();
    assertThat(decide("orders", request("POST", "/orders"), noScope).allowed()).isFalse();
  }

  @Test
  void aConsumerRuleAllowsOnlyThatConsumer() {
    Principal shop = principal("shop", Set.of(), Set.of(), Map.of(), "shop");
    Principal other = principal("shop", Set.of(), Set.of(), Map.of(), "other");

    assertThat(decide("orders", get("/orders/1"), shop).rule()).isEqualTo("allow[1]");
    assertThat(decide("orders", get("/orders/1"), other).allowed()).isFalse();
  }

  @Test
  void conditionsReadHeadersQueryRouteMetadataAndClaims() {
    Principal tenant = user(Set.of(), Map.of("tenant", "acme"));
    AccessRequest matching =
        new Request(
            "GET", "/orders/1", Map.of("x-team", "sales"), Map.of("tenant", "acme"), "1.2.3.4");
    AccessRequest otherTenant =
        new Request(
            "GET", "/orders/1", Map.of("x-team", "sales"), Map.of("tenant", "umbrella"), "1.2.3.4");

    assertThat(decide("orders", matching, tenant).rule()).isEqualTo("allow[2]");
    assertThat(decide("orders", otherTenant, tenant).allowed()).isFalse();
  }

  @Test
  void anAllowConditionThatCannotBeEvaluatedGrantsNothingAndIsReported() {
    // allow[2] reads request.headers['x-team'], which is absent: a CEL "no such key" error.
    Decision decision =
        decide("orders", get("/orders/1"), user(Set.of(), Map.of("tenant", "acme")));

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.conditionFailed()).isTrue();
    assertThat(decision.reason()).contains("allow[2]").contains("x-team");
  }

  @Test
  void aDenyConditionThatCannotBeEvaluatedRefuses() {
    // deny-only's condition reads request.headers['x-debug']; without the header it errs.
    Decision decision = decide("deny-only", get("/notes/1"), user(Set.of(), Map.of()));

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.conditionFailed()).isTrue();
    assertThat(decision.rule()).isEqualTo("deny[0]");
    assertThat(decision.reason()).startsWith("deny rule could not be evaluated, which refuses");
  }

  @Test
  void withOnlyDenyRulesEverythingElseIsAllowed() {
    AccessRequest debug = new Request("GET", "/notes/1", Map.of("x-debug", "1"), Map.of(), "");
    AccessRequest normal = new Request("GET", "/notes/1", Map.of("x-debug", "0"), Map.of(), "");

    assertThat(decide("deny-only", debug, user(Set.of(), Map.of())).allowed()).isFalse();
    Decision allowed = decide("deny-only", normal, user(Set.of(), Map.of()));
    assertThat(allowed.allowed()).isTrue();
    assertThat(allowed.reason()).isEqualTo("no deny rule matched and there are no allow rules");
  }

  @Test
  void anonymousCallersHoldNoRolesButConditionsStillRun() {
    AccessRequest office = new Request("GET", "/office/1", Map.of(), Map.of(), "10.1.2.3");
    AccessRequest outside = new Request("GET", "/office/1", Map.of(), Map.of(), "192.0.2.1");

    assertThat(decide("orders", get("/orders/1"), null).allowed()).isFalse();
    assertThat(decide("by-ip", office, null).allowed()).isTrue();
    assertThat(decide("by-ip", office, null).policy()).isEqualTo("office-hours");
    assertThat(decide("by-ip", outside, null).allowed()).isFalse();
  }

  @Test
  void comprehensionsAreBoundedPerEvaluation() {
    List<Object> few = IntStream.rangeClosed(1, 10).mapToObj(i -> (Object) (long) i).toList();
    List<Object> many = new ArrayList<>();
    IntStream.rangeClosed(1, 5_000).forEach(i -> many.add((long) i));

    assertThat(decide("orders", get("/orders/1"), user(Set.of(), Map.of("items", few))).rule())
        .isEqualTo("allow[3]");
    List<String> errors = new ArrayList<>();
    Decision limited =
        policy("orders")
            .decide(
                get("/orders/1"),
                user(Set.of(), Map.of("items", many)),
                (kind, policy, rule, when, result, error) -> {
                  if (rule.equals("allow[3]")) {
                    errors.add(result + ": " + error);
                  }
                });
    assertThat(limited.allowed()).isFalse();
    assertThat(limited.conditionFailed()).isTrue();
    assertThat(errors).singleElement().asString().startsWith("error: ").contains("1000");
  }

  @Test
  void claimsAndHeadersSupportEveryMapOperation() {
    Map<String, Object> claims =
        Map.of("tenant", "acme", "org", Map.of("team", "blue", "size", 4), "sub", "alice");
    AccessRequest traced = new Request("GET", "/maps/1", Map.of("x-trace", "1"), Map.of(), "");

    assertThat(decide("map-operations", traced, user(Set.of(), claims)).allowed()).isTrue();
    assertThat(decide("map-operations", traced, user(Set.of(), Map.of("tenant", "acme"))).allowed())
        .isFalse();
    assertThat(decide("map-operations", get("/maps/1"), user(Set.of(), claims)).allowed())
        .isFalse();
  }

  @Test
  void integerClaimsCompareAsCelIntegers() {
    // JSON parsers hand back Integer as well as Long; CEL's runtime wants long.
    List<Object> ints = List.of(1, 2, 3);

    assertThat(decide("orders", get("/orders/1"), user(Set.of(), Map.of("items", ints))).rule())
        .isEqualTo("allow[3]");
  }

  @Test
  void theTraceListsEveryRuleTestedInOrder() {
    List<String> tested = new ArrayList<>();
    policy("orders")
        .decide(
            get("/orders/1"),
            user(Set.of("guest"), Map.of()),
            (kind, policy, rule, when, result, error) ->
                tested.add(
                    kind + " " + (policy == null ? "-" : policy) + " " + rule + " " + result));

    assertThat(tested)
        .containsExactly(
            "deny readers suspended no_match",
            "deny - deny[0] no_match",
            "allow readers reader-role no_match",
            "allow - writers no_match",
            "allow - allow[1] no_match",
            "allow - allow[2] error",
            "allow - allow[3] error");
  }

  @Test
  void aRouteWithoutAuthorizationHasNoPolicy() {
    Route route =
        new Route(
            "plain",
            PARSED.routes().get(0).match(),
            "orders",
            null,
            null,
            null,
            true,
            List.of(),
            0,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    assertThat(RoutePolicy.compile(route, PARSED.policies())).isNull();
  }

  private static Decision decide(String routeId, AccessRequest request, Principal principal) {
    return policy(routeId).decide(request, principal);
  }

  private static RoutePolicy policy(String routeId) {
    Route route =
        PARSED.routes().stream().filter(r -> r.id().equals(routeId)).findFirst().orElseThrow();
    return RoutePolicy.compile(route, PARSED.policies());
  }

  private static PorticoConfig parse() {
    try {
      return ConfigLoader.parse("policies.yaml", CONFIG, Map.of()).config();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static AccessRequest get(String path) {
    return request("GET", path);
  }

  private static AccessRequest request(String method, String path) {
    return new Request(method, path, Map.of(), Map.of(), "192.0.2.10");
  }

  private static Principal user(Set<String> roles, Map<String, Object> claims) {
    return principal("alice", roles, Set.of(), claims, null);
  }

  private static Principal principal(
      String subject,
      Set<String> roles,
      Set<String> scopes,
      Map<String, Object> claims,
      String consumer) {
    return new Principal(
        subject,
        consumer == null ? "idp" : null,
        roles,
        scopes,
        consumer,
        claims,
        null,
        consumer == null ? CredentialKind.JWT : CredentialKind.API_KEY);
  }

  private record Request(
      String method,
      String path,
      Map<String, String> headers,
      Map<String, String> query,
      String clientIp)
      implements AccessRequest {

    @Override
    public String host() {
      return "api.example.com";
    }

    @Override
    public Instant time() {
      return Instant.parse("2026-11-27T10:00:00Z");
    }
  }
}
