package dev.portico.bench;

import dev.portico.auth.CredentialKind;
import dev.portico.auth.Principal;
import dev.portico.auth.authz.AccessRequest;
import dev.portico.auth.authz.Decision;
import dev.portico.auth.authz.RoutePolicy;
import dev.portico.config.ConfigLoader;
import dev.portico.config.ConfigRejectedException;
import dev.portico.config.model.PorticoConfig;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Authorization decisions of a compiled route policy ({@link RoutePolicy#decide}), one thread.
 * Target: a typical CEL rule evaluates at least 1 million times per second on one core.
 *
 * <ul>
 *   <li>{@code rule = cel}: one allow rule whose only condition is the typical CEL expression
 *       {@code request.method == 'GET' && 'orders-reader' in principal.roles && token.tenant ==
 *       'acme'} (method, a role, a claim);
 *   <li>{@code rule = rbac}: one allow rule with {@code roles: { any-of: [...] }} and no CEL;
 *   <li>{@code rule = mixed}: a deny rule on the path plus the RBAC and CEL allow rules, as a route
 *       with a named policy and its own rules would have.
 * </ul>
 *
 * <p>The request view is built per decision, as the gateway does; the principal is the one
 * authentication attached.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class PolicyEvaluationBenchmark {

  private static final String CEL =
      "request.method == 'GET' && 'orders-reader' in principal.roles && token.tenant == 'acme'";

  @Param({"cel", "rbac", "mixed"})
  public String rule;

  private RoutePolicy policy;
  private Principal principal;
  private final Instant now = Instant.parse("2026-11-27T10:00:00Z");

  @Setup
  public void setUp() throws ConfigRejectedException {
    String authorization =
        switch (rule) {
          case "cel" -> "allow: [ { when: \"" + CEL + "\" } ]";
          case "rbac" -> "allow: [ { roles: { any-of: [orders-admin, orders-reader] } } ]";
          case "mixed" ->
              "policies: [readers]\n"
                  + "      deny: [ { when: \"request.path.startsWith('/orders/internal/')\" } ]\n"
                  + "      allow: [ { when: \""
                  + CEL
                  + "\" } ]";
          default -> throw new IllegalArgumentException(rule);
        };
    String yaml =
        """
        issuers:
          idp: { issuer: "https://idp.example.com", audiences: [api] }
        policies:
          readers:
            allow: [ { roles: { any-of: [orders-admin] } } ]
        upstreams:
          orders: { endpoints: [ { url: "http://127.0.0.1:9" } ] }
        routes:
          - id: orders
            match: { path: /orders/** }
            upstream: orders
            auth: { bearer: { issuers: [idp] } }
            authorization:
              %s
        """
            .formatted(authorization);
    PorticoConfig config = ConfigLoader.parse("bench.yaml", yaml, Map.of()).config();
    policy = RoutePolicy.compile(config.routes().get(0), config.policies());
    principal =
        new Principal(
            "alice",
            "idp",
            Set.of("orders-reader", "staff"),
            Set.of("orders.read"),
            null,
            Map.of("sub", "alice", "tenant", "acme", "exp", 1_900_000_000L),
            null,
            CredentialKind.JWT);
    Decision check = decide();
    if (!check.allowed()) {
      throw new IllegalStateException("the benchmark request must be allowed: " + check);
    }
  }

  @Benchmark
  public Decision decide() {
    return policy.decide(new Request("GET", "/orders/42", now), principal);
  }

  /** What the gateway's exchange view provides, without the maps no condition here reads. */
  private record Request(String method, String path, Instant time) implements AccessRequest {

    @Override
    public String host() {
      return "api.example.com";
    }

    @Override
    public Map<String, String> headers() {
      return Map.of();
    }

    @Override
    public Map<String, String> query() {
      return Map.of();
    }

    @Override
    public String clientIp() {
      return "192.0.2.10";
    }
  }
}
