package dev.portico.config.internal;

import dev.portico.config.model.DefaultPolicy;
import dev.portico.config.model.Policy;
import dev.portico.config.model.PorticoConfig;
import dev.portico.config.model.Route;
import dev.portico.config.model.RouteAuthorization;
import dev.portico.config.model.Rule;
import dev.portico.config.model.SetMatch;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The authorization half of {@link ConfigValidator}: named policies, route authorization blocks,
 * and deny-by-default (a route must say who may call it, or that it is public).
 */
final class PolicyChecks {

  private final Diagnostics diagnostics;
  private final ConfigValidator shared;

  PolicyChecks(Diagnostics diagnostics, ConfigValidator shared) {
    this.diagnostics = diagnostics;
    this.shared = shared;
  }

  void check(PorticoConfig config) {
    config.policies().forEach((name, policy) -> checkPolicy(name, policy, config));
    DefaultPolicy defaultPolicy =
        config.gateway() == null || config.gateway().defaultPolicy() == null
            ? DefaultPolicy.DENY
            : config.gateway().defaultPolicy();
    for (int i = 0; i < config.routes().size(); i++) {
      Route route = config.routes().get(i);
      if (route != null) {
        checkRoute(YamlPaths.index("routes", i), route, defaultPolicy, config);
      }
    }
  }

  private void checkPolicy(String name, Policy policy, PorticoConfig config) {
    String path = YamlPaths.child("policies", name);
    if (!ConfigValidator.NAME.matcher(name).matches()) {
      diagnostics.errorAtKey(path, "'" + name + "' is not a valid name (letters, digits, . _ -)");
    }
    if (policy.allow().isEmpty() && policy.deny().isEmpty()) {
      diagnostics.error(path, "has no rules: add allow or deny rules");
    }
    checkRules(path, policy.allow(), policy.deny(), config);
  }

  private void checkRoute(
      String path, Route route, DefaultPolicy defaultPolicy, PorticoConfig config) {
    RouteAuthorization authorization = route.authorization();
    String authzPath = YamlPaths.child(path, "authorization");
    if (authorization != null) {
      if (authorization.policies().isEmpty()
          && authorization.allow().isEmpty()
          && authorization.deny().isEmpty()) {
        diagnostics.error(authzPath, "decides nothing: add policies, allow or deny rules");
      }
      List<String> names = authorization.policies();
      for (int j = 0; j < names.size(); j++) {
        String name = names.get(j);
        String at = YamlPaths.index(YamlPaths.child(authzPath, "policies"), j);
        if (name != null && shared.checkReference(at, "policy", name, config.policies().keySet())) {
          Policy policy = config.policies().get(name);
          String needs = needsPrincipal(policy.allow(), policy.deny());
          if (needs != null && route.auth() == null) {
            diagnostics.error(
                at,
                "policy '"
                    + name
                    + "' checks "
                    + needs
                    + ", but the route has no auth block, so no caller has any");
          }
        }
      }
      checkRules(authzPath, authorization.allow(), authorization.deny(), config);
      if (route.auth() == null) {
        reportPrincipalRules(authzPath, "allow", authorization.allow());
        reportPrincipalRules(authzPath, "deny", authorization.deny());
      }
    }
    if (route.publicRoute() && (route.auth() != null || authorization != null)) {
      diagnostics.error(
          YamlPaths.child(path, "public"),
          "contradicts "
              + (route.auth() != null ? "auth" : "authorization")
              + ": a public route needs no credentials (use auth.optional: true to read them when"
              + " present)");
    }
    if (defaultPolicy == DefaultPolicy.DENY
        && route.auth() == null
        && authorization == null
        && route.clientCertificate() == null
        && !route.publicRoute()) {
      diagnostics.errorAtKey(
          path,
          "route '"
              + route.id()
              + "' has neither auth nor authorization, and gateway.default-policy is deny: add"
              + " them, or public: true if anyone may call it");
    }
  }

  private void checkRules(String path, List<Rule> allow, List<Rule> deny, PorticoConfig config) {
    Set<String> names = new HashSet<>();
    checkRuleList(YamlPaths.child(path, "allow"), allow, names, config);
    checkRuleList(YamlPaths.child(path, "deny"), deny, names, config);
  }

  private void checkRuleList(
      String path, List<Rule> rules, Set<String> names, PorticoConfig config) {
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      String at = YamlPaths.index(path, i);
      if (rule == null || diagnostics.hasErrorsAt(at)) {
        continue;
      }
      if (rule.name() != null && !names.add(rule.name())) {
        diagnostics.error(YamlPaths.child(at, "name"), "'" + rule.name() + "' names two rules");
      }
      if (rule.roles() == null
          && rule.scopes() == null
          && rule.consumers().isEmpty()
          && rule.when() == null) {
        diagnostics.error(
            at, "states no condition: add roles, scopes, consumers or when (a CEL condition)");
      }
      checkSetMatch(YamlPaths.child(at, "roles"), rule.roles());
      checkSetMatch(YamlPaths.child(at, "scopes"), rule.scopes());
      for (int j = 0; j < rule.consumers().size(); j++) {
        shared.checkReference(
            YamlPaths.index(YamlPaths.child(at, "consumers"), j),
            "consumer",
            rule.consumers().get(j),
            config.consumers().keySet());
      }
    }
  }

  private void checkSetMatch(String path, SetMatch match) {
    if (match != null && match.anyOf().isEmpty() && match.allOf().isEmpty()) {
      diagnostics.error(path, "states neither any-of nor all-of");
    }
  }

  private void reportPrincipalRules(String path, String kind, List<Rule> rules) {
    for (int i = 0; i < rules.size(); i++) {
      String needs = needsPrincipal(rules.get(i));
      if (needs != null) {
        diagnostics.error(
            YamlPaths.child(YamlPaths.index(YamlPaths.child(path, kind), i), needs),
            "the route has no auth block, so no caller has " + needs);
      }
    }
  }

  /** What of the principal the rules check (roles, scopes, consumers), or null for nothing. */
  private static String needsPrincipal(List<Rule> allow, List<Rule> deny) {
    for (List<Rule> rules : List.of(allow, deny)) {
      for (Rule rule : rules) {
        String needs = needsPrincipal(rule);
        if (needs != null) {
          return needs;
        }
      }
    }
    return null;
  }

  private static String needsPrincipal(Rule rule) {
    if (rule == null) {
      return null;
    }
    if (rule.roles() != null) {
      return "roles";
    }
    if (rule.scopes() != null) {
      return "scopes";
    }
    return rule.consumers().isEmpty() ? null : "consumers";
  }
}
