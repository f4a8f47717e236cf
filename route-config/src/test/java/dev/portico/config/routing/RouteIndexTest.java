package dev.portico.config.routing;

import static dev.portico.config.routing.TestRequest.get;
import static dev.portico.config.routing.TestRequest.request;
import static dev.portico.config.routing.TestRoute.path;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteIndexTest {

  @SafeVarargs
  private static RouteIndex<String> index(RouteEntry<String>... routes) {
    return RouteIndex.build(List.of(routes));
  }

  private static String found(RouteIndex<String> index, RequestView request) {
    RouteLookup<String> lookup = index.find(request);
    assertThat(lookup)
        .as(request.method() + " " + request.host() + request.path())
        .isInstanceOf(RouteLookup.Found.class);
    return ((RouteLookup.Found<String>) lookup).entry().payload();
  }

  @Test
  void exactPathBeatsTemplateWrittenEarlier() {
    RouteIndex<String> index = index(path("/users/{id}").as("by-id"), path("/users/me").as("me"));

    assertThat(found(index, get("/users/me"))).isEqualTo("me");
    assertThat(found(index, get("/users/7"))).isEqualTo("by-id");
  }

  @Test
  void templateBeatsPrefixWrittenEarlier() {
    RouteIndex<String> index = index(path("/users/**").as("all"), path("/users/{id}").as("by-id"));

    assertThat(found(index, get("/users/7"))).isEqualTo("by-id");
    assertThat(found(index, get("/users/7/orders"))).isEqualTo("all");
  }

  @Test
  void longestPrefixWins() {
    RouteIndex<String> index =
        index(
            path("/**").as("root"), path("/api/**").as("api"), path("/api/orders/**").as("orders"));

    assertThat(found(index, get("/api/orders/7"))).isEqualTo("orders");
    assertThat(found(index, get("/api/users"))).isEqualTo("api");
    assertThat(found(index, get("/health"))).isEqualTo("root");
  }

  @Test
  void literalSegmentBeatsVariableAtTheFirstDifference() {
    RouteIndex<String> index =
        index(
            path("/users/{id}/orders").as("orders-of-user"),
            path("/users/me/{section}").as("my-section"));

    assertThat(found(index, get("/users/me/orders"))).isEqualTo("my-section");
    assertThat(found(index, get("/users/7/orders"))).isEqualTo("orders-of-user");
  }

  @Test
  void routeRestrictingMethodsComesBeforeOneTakingAnyMethod() {
    RouteIndex<String> index =
        index(path("/orders").as("any"), path("/orders").methods("GET").as("get"));

    assertThat(found(index, get("/orders"))).isEqualTo("get");
    assertThat(found(index, request("POST", "/orders"))).isEqualTo("any");
  }

  @Test
  void routeWithMoreHeaderConditionsComesFirst() {
    RouteIndex<String> index =
        index(
            path("/orders/**").as("stable"),
            path("/orders/**").headerEquals("X-Beta", "1").as("beta"),
            path("/orders/**")
                .headerEquals("X-Beta", "1")
                .headerEquals("X-Tenant", "acme")
                .as("acme-beta"));

    assertThat(found(index, get("/orders/7").header("X-Beta", "1").header("X-Tenant", "acme")))
        .isEqualTo("acme-beta");
    assertThat(found(index, get("/orders/7").header("X-Beta", "1"))).isEqualTo("beta");
    assertThat(found(index, get("/orders/7"))).isEqualTo("stable");
  }

  @Test
  void methodRestrictionOutranksHeaderConditions() {
    RouteIndex<String> index =
        index(
            path("/orders").headerEquals("X-Beta", "1").as("beta"),
            path("/orders").methods("GET").as("get"));

    assertThat(found(index, get("/orders").header("X-Beta", "1"))).isEqualTo("get");
  }

  @Test
  void routeWithMoreQueryConditionsComesFirst() {
    RouteIndex<String> index =
        index(path("/search").as("plain"), path("/search").queryEquals("engine", "v2").as("v2"));

    assertThat(found(index, get("/search").query("engine", "v2"))).isEqualTo("v2");
    assertThat(found(index, get("/search").query("engine", "v1"))).isEqualTo("plain");
  }

  @Test
  void headerConditionsOutrankQueryConditions() {
    RouteIndex<String> index =
        index(
            path("/search").queryEquals("engine", "v2").as("by-query"),
            path("/search").headerEquals("X-Engine", "v2").as("by-header"));

    assertThat(found(index, get("/search").query("engine", "v2").header("X-Engine", "v2")))
        .isEqualTo("by-header");
  }

  @Test
  void fileOrderBreaksTies() {
    RouteEntry<String> a = path("/orders").headerPresent("X-A", true).as("a");
    RouteEntry<String> b = path("/orders").headerPresent("X-B", true).as("b");
    TestRequest both = get("/orders").header("X-A", "1").header("X-B", "1");

    assertThat(found(index(a, b), both)).isEqualTo("a");
    assertThat(found(index(b, a), both)).isEqualTo("b");
  }

  @Test
  void exactHostComesBeforeWildcardBeforeAnyHost() {
    RouteIndex<String> index =
        index(
            path("/x").as("any-host"),
            path("/x").hosts("*.example.com").as("wildcard"),
            path("/x").hosts("api.example.com").as("exact"));

    assertThat(found(index, get("/x").host("api.example.com"))).isEqualTo("exact");
    assertThat(found(index, get("/x").host("www.example.com"))).isEqualTo("wildcard");
    assertThat(found(index, get("/x").host("example.org"))).isEqualTo("any-host");
  }

  @Test
  void hostTierOutranksPathSpecificity() {
    RouteIndex<String> index =
        index(
            path("/orders/7").as("exact-path-any-host"),
            path("/**").hosts("api.example.com").as("host-catch-all"));

    assertThat(found(index, get("/orders/7").host("api.example.com"))).isEqualTo("host-catch-all");
  }

  @Test
  void fallsThroughToAnyHostWhenTheHostTierHasNoMatchingPath() {
    RouteIndex<String> index =
        index(path("/admin/**").hosts("api.example.com").as("admin"), path("/api/**").as("api"));

    assertThat(found(index, get("/api/orders").host("api.example.com"))).isEqualTo("api");
  }

  @Test
  void fallsThroughFromWildcardToAnyHostWhenHeadersDoNotMatch() {
    RouteIndex<String> index =
        index(
            path("/api/**").hosts("*.example.com").headerEquals("X-Beta", "1").as("beta"),
            path("/api/**").as("api"));

    assertThat(found(index, get("/api/x").host("www.example.com"))).isEqualTo("api");
  }

  @Test
  void wildcardHostMatchesSubdomainsAtAnyDepth() {
    RouteIndex<String> index = index(path("/**").hosts("*.example.com").as("wildcard"));

    assertThat(found(index, get("/").host("a.example.com"))).isEqualTo("wildcard");
    assertThat(found(index, get("/").host("a.b.example.com"))).isEqualTo("wildcard");
  }

  @Test
  void wildcardHostDoesNotMatchTheBareDomain() {
    RouteIndex<String> index = index(path("/**").hosts("*.example.com").as("wildcard"));

    assertThat(index.find(get("/").host("example.com"))).isInstanceOf(RouteLookup.NotFound.class);
    assertThat(index.find(get("/").host("notexample.com")))
        .isInstanceOf(RouteLookup.NotFound.class);
  }

  @Test
  void longerWildcardSuffixComesFirst() {
    RouteIndex<String> index =
        index(
            path("/**").hosts("*.example.com").as("short"),
            path("/**").hosts("*.eu.example.com").as("long"));

    assertThat(found(index, get("/").host("shop.eu.example.com"))).isEqualTo("long");
    assertThat(found(index, get("/").host("shop.us.example.com"))).isEqualTo("short");
  }

  @Test
  void hostsMatchIgnoringCaseAndPort() {
    RouteIndex<String> index = index(path("/**").hosts("API.example.com").as("api"));

    assertThat(found(index, get("/").host("api.EXAMPLE.com:8443"))).isEqualTo("api");
  }

  @Test
  void routeWithSeveralHostsMatchesEach() {
    RouteIndex<String> index =
        index(path("/**").hosts("a.example.com", "*.example.org").as("multi"));

    assertThat(found(index, get("/").host("a.example.com"))).isEqualTo("multi");
    assertThat(found(index, get("/").host("www.example.org"))).isEqualTo("multi");
  }

  @Test
  void prefixMatchesItsBarePathATrailingSlashAndDeeperPaths() {
    RouteIndex<String> index = index(path("/api/**").as("api"));

    assertThat(found(index, get("/api"))).isEqualTo("api");
    assertThat(found(index, get("/api/"))).isEqualTo("api");
    assertThat(found(index, get("/api/x/y"))).isEqualTo("api");
  }

  @Test
  void prefixMatchesWholeSegmentsOnly() {
    RouteIndex<String> index = index(path("/api/**").as("api"));

    assertThat(index.find(get("/apis"))).isInstanceOf(RouteLookup.NotFound.class);
    assertThat(index.find(get("/"))).isInstanceOf(RouteLookup.NotFound.class);
  }

  @Test
  void rootPrefixMatchesEveryPath() {
    RouteIndex<String> index = index(path("/**").as("all"));

    assertThat(found(index, get("/"))).isEqualTo("all");
    assertThat(found(index, get("/a/b/c"))).isEqualTo("all");
  }

  @Test
  void templateVariableDoesNotMatchAnEmptySegment() {
    RouteIndex<String> index = index(path("/users/{id}").as("by-id"));

    assertThat(index.find(get("/users/"))).isInstanceOf(RouteLookup.NotFound.class);
    assertThat(index.find(get("/users"))).isInstanceOf(RouteLookup.NotFound.class);
    assertThat(index.find(get("/users/7/x"))).isInstanceOf(RouteLookup.NotFound.class);
  }

  @Test
  void exactPathDoesNotMatchWithATrailingSlash() {
    RouteIndex<String> index = index(path("/health").as("health"));

    assertThat(found(index, get("/health"))).isEqualTo("health");
    assertThat(index.find(get("/health/"))).isInstanceOf(RouteLookup.NotFound.class);
  }

  @Test
  void methodNotAllowedListsTheUnionOfMethodsOfRoutesMatchingTheRest() {
    RouteIndex<String> index =
        index(
            path("/orders").methods("GET").as("read"),
            path("/orders").methods("POST", "PUT").as("write"));

    RouteLookup<String> lookup = index.find(request("DELETE", "/orders"));

    assertThat(lookup).isInstanceOf(RouteLookup.MethodNotAllowed.class);
    assertThat(((RouteLookup.MethodNotAllowed<String>) lookup).allowed())
        .containsExactly("GET", "POST", "PUT");
  }

  @Test
  void methodNotAllowedLeavesOutRoutesWhoseHeadersDoNotMatch() {
    RouteIndex<String> index =
        index(
            path("/orders").methods("GET").headerEquals("X-Beta", "1").as("beta-read"),
            path("/orders").methods("POST").as("write"));

    RouteLookup<String> lookup = index.find(request("DELETE", "/orders"));

    assertThat(((RouteLookup.MethodNotAllowed<String>) lookup).allowed()).containsExactly("POST");
  }

  @Test
  void routeTakingTheMethodWinsOverMethodNotAllowedOfAMoreSpecificPath() {
    RouteIndex<String> index =
        index(path("/orders").methods("GET").as("read"), path("/**").as("fallback"));

    assertThat(found(index, request("POST", "/orders"))).isEqualTo("fallback");
  }

  @Test
  void notFoundWhenNoRouteMatchesThePath() {
    RouteIndex<String> index = index(path("/orders").methods("GET").as("read"));

    assertThat(index.find(get("/users"))).isInstanceOf(RouteLookup.NotFound.class);
  }

  @Test
  void notFoundRatherThanMethodNotAllowedWhenHeadersRuleOutEveryRoute() {
    RouteIndex<String> index =
        index(path("/orders").methods("GET").headerEquals("X-Beta", "1").as("beta"));

    assertThat(index.find(request("POST", "/orders"))).isInstanceOf(RouteLookup.NotFound.class);
  }

  @Test
  void headerRegexMustMatchTheWholeValue() {
    RouteIndex<String> index =
        index(path("/x").headerRegex("X-Version", "v[0-9]+").as("versioned"));

    assertThat(found(index, get("/x").header("X-Version", "v2"))).isEqualTo("versioned");
    assertThat(index.find(get("/x").header("X-Version", "v2-beta")))
        .isInstanceOf(RouteLookup.NotFound.class);
  }

  @Test
  void headerEqualsComparesTheValueExactlyAndTheNameIgnoringCase() {
    RouteIndex<String> index = index(path("/x").headerEquals("X-Tenant", "acme").as("acme"));

    assertThat(found(index, get("/x").header("x-tenant", "acme"))).isEqualTo("acme");
    assertThat(index.find(get("/x").header("X-Tenant", "ACME")))
        .isInstanceOf(RouteLookup.NotFound.class);
  }

  @Test
  void headerConditionHoldsWhenAnyOfSeveralValuesMatches() {
    RouteIndex<String> index = index(path("/x").headerEquals("X-Tenant", "acme").as("acme"));

    assertThat(found(index, get("/x").header("X-Tenant", "other").header("X-Tenant", "acme")))
        .isEqualTo("acme");
  }

  @Test
  void headerPresentRequiresTheHeaderWithAnyValue() {
    RouteIndex<String> index = index(path("/x").headerPresent("X-Debug", true).as("debug"));

    assertThat(found(index, get("/x").header("X-Debug", ""))).isEqualTo("debug");
    assertThat(index.find(get("/x"))).isInstanceOf(RouteLookup.NotFound.class);
  }

  @Test
  void headerPresentFalseRequiresTheHeaderToBeAbsent() {
    RouteIndex<String> index = index(path("/x").headerPresent("X-Debug", false).as("no-debug"));

    assertThat(found(index, get("/x"))).isEqualTo("no-debug");
    assertThat(index.find(get("/x").header("X-Debug", "1")))
        .isInstanceOf(RouteLookup.NotFound.class);
  }

  @Test
  void queryConditionsTestQueryParameters() {
    RouteIndex<String> index =
        index(path("/x").queryEquals("format", "csv").queryPresent("debug", false).as("csv"));

    assertThat(found(index, get("/x").query("format", "csv"))).isEqualTo("csv");
    assertThat(index.find(get("/x").query("format", "json")))
        .isInstanceOf(RouteLookup.NotFound.class);
    assertThat(index.find(get("/x").query("format", "csv").query("debug", "1")))
        .isInstanceOf(RouteLookup.NotFound.class);
  }

  @Test
  void queryParameterNamesAreCaseSensitive() {
    RouteIndex<String> index = index(path("/x").queryPresent("debug", true).as("debug"));

    assertThat(index.find(get("/x").query("DEBUG", "1"))).isInstanceOf(RouteLookup.NotFound.class);
  }

  @Test
  void listsRoutesInPrecedenceOrder() {
    RouteIndex<String> index =
        index(
            path("/**").as("root"),
            path("/api/**").as("api"),
            path("/api/{id}").as("template"),
            path("/api/x").as("exact"),
            path("/api/x").methods("GET").as("exact-get"));

    assertThat(index.inPrecedenceOrder())
        .extracting(RouteEntry::id)
        .containsExactly("exact-get", "exact", "template", "api", "root");
  }

  @Test
  void findsTheRightRouteAmongTenThousand() {
    List<RouteEntry<String>> routes = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      switch (i % 4) {
        case 0 -> routes.add(path("/svc" + i + "/**").as("prefix-" + i));
        case 1 -> routes.add(path("/svc" + i + "/items/{id}").methods("GET").as("template-" + i));
        case 2 ->
            routes.add(
                path("/svc" + i + "/health").hosts("h" + i + ".example.com").as("host-" + i));
        default ->
            routes.add(path("/shared/{id}/" + i).headerEquals("X-Shard", "" + i).as("header-" + i));
      }
    }
    RouteIndex<String> index = RouteIndex.build(routes);

    assertThat(found(index, get("/svc4000/anything/deep"))).isEqualTo("prefix-4000");
    assertThat(found(index, get("/svc9997/items/42"))).isEqualTo("template-9997");
    assertThat(index.find(request("POST", "/svc9997/items/42")))
        .isInstanceOf(RouteLookup.MethodNotAllowed.class);
    assertThat(found(index, get("/svc5002/health").host("h5002.example.com")))
        .isEqualTo("host-5002");
    assertThat(index.find(get("/svc5002/health").host("h5006.example.com")))
        .isInstanceOf(RouteLookup.NotFound.class);
    assertThat(found(index, get("/shared/a/7003").header("X-Shard", "7003")))
        .isEqualTo("header-7003");
    assertThat(index.find(get("/shared/a/7003").header("X-Shard", "7007")))
        .isInstanceOf(RouteLookup.NotFound.class);
    assertThat(index.find(get("/svc10001/x"))).isInstanceOf(RouteLookup.NotFound.class);
  }
}
