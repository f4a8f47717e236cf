package dev.portico.auth.authz;

import dev.portico.auth.Principal;
import dev.portico.config.model.Policy;
import dev.portico.config.model.Route;
import dev.portico.config.model.RouteAuthorization;
import dev.portico.config.model.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The authorization of one route, compiled once per configuration snapshot: the deny rules and
 * allow rules of its named policies and its own, in file order. A request is refused when any deny
 * rule matches (or cannot be evaluated: deny rules fail closed); otherwise it is allowed when an
 * allow rule matches, or when there are no allow rules at all. Immutable and thread-safe; never
 * blocks.
 */
public final class RoutePolicy {

  private final String routeId;
  private final Map<String, String> metadata;
  private final List<CompiledRule> deny;
  private final List<CompiledRule> allow;

  private RoutePolicy(
      String routeId,
      Map<String, String> metadata,
      List<CompiledRule> deny,
      List<CompiledRule> allow) {
    this.routeId = routeId;
    this.metadata = metadata;
    this.deny = deny;
    this.allow = allow;
  }

  /**
   * The route's policy, or null when the route has no {@code authorization} block (then being
   * authenticated, or the route being public, is all it takes).
   *
   * @param policies the configuration's named policies (validated: every reference resolves)
   */
  public static RoutePolicy compile(Route route, Map<String, Policy> policies) {
    RouteAuthorization authorization = route.authorization();
    if (authorization == null) {
      return null;
    }
    List<CompiledRule> deny = new ArrayList<>();
    List<CompiledRule> allow = new ArrayList<>();
    for (String name : authorization.policies()) {
      Policy policy = policies.get(name);
      add(deny, name, "deny", policy.deny());
      add(allow, name, "allow", policy.allow());
    }
    add(deny, null, "deny", authorization.deny());
    add(allow, null, "allow", authorization.allow());
    return new RoutePolicy(route.id(), route.metadata(), List.copyOf(deny), List.copyOf(allow));
  }

  private static void add(List<CompiledRule> into, String policy, String kind, List<Rule> rules) {
    for (int i = 0; i < rules.size(); i++) {
      into.add(new CompiledRule(policy, kind + "[" + i + "]", rules.get(i)));
    }
  }

  public String routeId() {
    return routeId;
  }

  /**
   * Decides whether {@code principal} (null when anonymous) may make {@code request} on the route.
   */
  public Decision decide(AccessRequest request, Principal principal) {
    return decide(new EvaluationContext(request, principal, routeId, metadata), null);
  }

  /**
   * As {@link #decide(AccessRequest, Principal)}, reporting every rule tested to {@code trace} (for
   * {@code portico explain}); null to skip.
   */
  public Decision decide(AccessRequest request, Principal principal, RuleTrace trace) {
    return decide(new EvaluationContext(request, principal, routeId, metadata), trace);
  }

  private Decision decide(EvaluationContext context, RuleTrace trace) {
    String[] error = new String[1];
    for (CompiledRule rule : deny) {
      error[0] = null;
      CompiledRule.Result result = rule.test(context, message -> error[0] = message);
      report(trace, "deny", rule, result, error[0]);
      if (result == CompiledRule.Result.MATCH) {
        return new Decision(false, rule.policy(), rule.name(), "deny rule matched", false);
      }
      if (result == CompiledRule.Result.ERROR) {
        return new Decision(
            false,
            rule.policy(),
            rule.name(),
            "deny rule could not be evaluated, which refuses (" + error[0] + ")",
            true);
      }
    }
    if (allow.isEmpty()) {
      return new Decision(
          true, null, null, "no deny rule matched and there are no allow rules", false);
    }
    String firstError = null;
    for (CompiledRule rule : allow) {
      error[0] = null;
      CompiledRule.Result result = rule.test(context, message -> error[0] = message);
      report(trace, "allow", rule, result, error[0]);
      if (result == CompiledRule.Result.MATCH) {
        return new Decision(true, rule.policy(), rule.name(), "allow rule matched", false);
      }
      if (result == CompiledRule.Result.ERROR && firstError == null) {
        firstError = rule.name() + ": " + error[0];
      }
    }
    return new Decision(
        false,
        null,
        null,
        firstError == null
            ? "no allow rule matched"
            : "no allow rule matched (a condition could not be evaluated: " + firstError + ")",
        firstError != null);
  }

  private static void report(
      RuleTrace trace, String kind, CompiledRule rule, CompiledRule.Result result, String error) {
    if (trace != null) {
      trace.tested(
          kind, rule.policy(), rule.name(), rule.whenSource(), result.name().toLowerCase(), error);
    }
  }

  /** Receives every rule a decision tested, in order. */
  @FunctionalInterface
  public interface RuleTrace {
    /**
     * @param kind allow or deny
     * @param policy the named policy, or null for the route's own rule
     * @param when the CEL condition, or null
     * @param result match, no_match or error
     * @param error the evaluation error, or null
     */
    void tested(String kind, String policy, String rule, String when, String result, String error);
  }
}
