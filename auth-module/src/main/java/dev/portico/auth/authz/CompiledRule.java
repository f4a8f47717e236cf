package dev.portico.auth.authz;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.portico.auth.Principal;
import dev.portico.config.model.Rule;
import dev.portico.config.model.SetMatch;
import dev.portico.config.policy.PolicyLanguage;
import java.util.Set;

/**
 * One rule, ready to test: its set conditions and its CEL program, built once per configuration
 * snapshot. Immutable and thread-safe.
 */
final class CompiledRule {

  /** What testing a rule against a request found. */
  enum Result {
    MATCH,
    NO_MATCH,
    /** The condition could not be evaluated (e.g. a missing map key, a comprehension limit). */
    ERROR
  }

  private final String policy;
  private final String name;
  private final SetMatch roles;
  private final SetMatch scopes;
  private final Set<String> consumers;
  private final CelRuntime.Program when;
  private final String whenSource;

  CompiledRule(String policy, String defaultName, Rule rule) {
    this.policy = policy;
    this.name = rule.name() != null ? rule.name() : defaultName;
    this.roles = rule.roles();
    this.scopes = rule.scopes();
    this.consumers = Set.copyOf(rule.consumers());
    this.when = rule.when() == null ? null : PolicyLanguage.program(rule.when().ast());
    this.whenSource = rule.when() == null ? null : rule.when().source();
  }

  String policy() {
    return policy;
  }

  String name() {
    return name;
  }

  /** The CEL source of the condition, or null; for explanations only. */
  String whenSource() {
    return whenSource;
  }

  /**
   * Tests the rule. The cheap set conditions run first; the CEL condition only when they hold.
   *
   * @param errorSink receives the evaluation error, if any
   */
  Result test(EvaluationContext context, java.util.function.Consumer<String> errorSink) {
    Principal principal = context.principal();
    if (roles != null && (principal == null || !roles.matches(principal.roles()))) {
      return Result.NO_MATCH;
    }
    if (scopes != null && (principal == null || !scopes.matches(principal.scopes()))) {
      return Result.NO_MATCH;
    }
    if (!consumers.isEmpty()
        && (principal == null
            || principal.consumer() == null
            || !consumers.contains(principal.consumer()))) {
      return Result.NO_MATCH;
    }
    if (when == null) {
      return Result.MATCH;
    }
    try {
      return Boolean.TRUE.equals(when.eval(context)) ? Result.MATCH : Result.NO_MATCH;
    } catch (CelEvaluationException | RuntimeException e) {
      errorSink.accept(e.getMessage());
      return Result.ERROR;
    }
  }
}
