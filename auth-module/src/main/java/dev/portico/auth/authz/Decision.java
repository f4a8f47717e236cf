package dev.portico.auth.authz;

/**
 * The outcome of authorizing one request, with what decided it: for the decision log, the metric
 * and {@code portico explain}. Never shown to the caller.
 *
 * @param allowed whether the request may proceed
 * @param policy the named policy whose rule decided, or null (a route's own rule, or no rule)
 * @param rule the rule that decided (its name, or e.g. {@code deny[1]}), or null when no rule did
 * @param reason why, in words, e.g. "deny rule matched" or "no allow rule matched"
 * @param conditionFailed whether a CEL condition could not be evaluated on the way
 */
public record Decision(
    boolean allowed, String policy, String rule, String reason, boolean conditionFailed) {

  /** The word for metrics and logs. */
  public String outcome() {
    return allowed ? "allow" : "deny";
  }
}
