package dev.portico.gateway.explain;

import dev.portico.gateway.upstream.EndpointPreview;
import java.util.List;

/**
 * What Portico would do with a request, step by step: the path it would see, the route that takes
 * it, who the caller would be, and whether the caller may use the route. Each step is present only
 * when the request gets that far.
 *
 * @param path the normalized path
 * @param pathRefusal why the path would be refused (400), or null
 * @param route the id of the route that takes the request, or null
 * @param routing how routing went, in words
 * @param authentication the authentication step, or null when the request does not get there
 * @param authorization the authorization step, or null when it does not get there or the route has
 *     none
 * @param status the status Portico itself would answer with, or 0 when it would forward the request
 *     to the upstream
 * @param upstream the upstream the request would go to, or null
 * @param endpoint the endpoint it would be sent to (or the candidates), worked out without
 *     choosing; null when the request would not be forwarded
 */
public record Explanation(
    String path,
    String pathRefusal,
    String route,
    String routing,
    Authentication authentication,
    Authorization authorization,
    int status,
    String upstream,
    EndpointPreview endpoint) {

  /**
   * @param outcome not-required, anonymous, authenticated, rejected, unavailable
   * @param method bearer, api-key, none
   * @param detail a sentence on what happened
   * @param subject the caller's subject when authenticated
   * @param roles the caller's roles when authenticated
   * @param scopes the caller's scopes when authenticated
   */
  public record Authentication(
      String outcome,
      String method,
      String detail,
      String subject,
      List<String> roles,
      List<String> scopes) {}

  /**
   * @param outcome allow or deny
   * @param policy the named policy whose rule decided, or null
   * @param rule the deciding rule, or null
   * @param reason why, in words
   * @param tested every rule tested, in order
   */
  public record Authorization(
      String outcome, String policy, String rule, String reason, List<TestedRule> tested) {}

  /** One rule tested on the way to the decision. */
  public record TestedRule(
      String kind, String policy, String rule, String when, String result, String error) {}
}
