package dev.portico.gateway.explain;

import dev.portico.gateway.explain.Explanation.Authentication;
import dev.portico.gateway.explain.Explanation.Authorization;
import dev.portico.gateway.explain.Explanation.TestedRule;
import dev.portico.gateway.upstream.EndpointPreview;

/** Renders an {@link Explanation} for a terminal, one step per block. */
public final class ExplanationText {

  private ExplanationText() {}

  public static String render(String method, String target, Explanation explanation) {
    StringBuilder out = new StringBuilder();
    out.append(method).append(' ').append(target).append('\n');
    if (explanation.pathRefusal() != null) {
      line(out, "path", "refused: " + explanation.pathRefusal());
    } else {
      line(out, "path", explanation.path());
      line(out, "route", explanation.routing());
    }
    Authentication authn = explanation.authentication();
    if (authn != null) {
      line(out, "authentication", authn.outcome() + " (" + authn.method() + "): " + authn.detail());
      if (authn.subject() != null) {
        line(out, "  subject", authn.subject());
        line(out, "  roles", authn.roles().isEmpty() ? "-" : String.join(", ", authn.roles()));
        line(out, "  scopes", authn.scopes().isEmpty() ? "-" : String.join(", ", authn.scopes()));
      }
    }
    Authorization authz = explanation.authorization();
    if (authz != null) {
      String by =
          authz.rule() == null
              ? ""
              : " by "
                  + (authz.policy() == null ? "" : "policy '" + authz.policy() + "', ")
                  + "rule '"
                  + authz.rule()
                  + "'";
      line(out, "authorization", authz.outcome() + by + ": " + authz.reason());
      for (TestedRule rule : authz.tested()) {
        StringBuilder tested =
            new StringBuilder()
                .append(rule.kind())
                .append(' ')
                .append(rule.policy() == null ? "" : rule.policy() + "/")
                .append(rule.rule())
                .append(" -> ")
                .append(rule.result().replace('_', ' '));
        if (rule.error() != null) {
          tested.append(" (").append(rule.error()).append(')');
        }
        if (rule.when() != null) {
          tested.append("  when: ").append(rule.when().strip().replaceAll("\\s+", " "));
        }
        line(out, "  tested", tested.toString());
      }
    }
    EndpointPreview endpoint = explanation.endpoint();
    if (endpoint != null) {
      if (endpoint.upstreamChoice() != null) {
        line(out, "upstream", endpoint.upstreamChoice());
      }
      line(
          out,
          "endpoint",
          (endpoint.endpoint() != null ? endpoint.endpoint() : endpoint.outcome())
              + " ("
              + endpoint.reason()
              + ")");
      for (EndpointPreview.Tier tier : endpoint.tiers()) {
        line(
            out,
            "  " + Math.round(tier.share() * 100) + "%",
            tier.name()
                + ": "
                + String.join(
                    ", ", tier.candidates().stream().map(EndpointPreview.Candidate::url).toList()));
      }
      for (EndpointPreview.Excluded left : endpoint.excluded()) {
        line(out, "  excluded", left.url() + " (" + left.reason() + ")");
      }
    }
    line(
        out,
        "result",
        explanation.status() == 0
            ? "forwarded to upstream '" + explanation.upstream() + "'"
            : "answered by Portico with " + explanation.status());
    return out.toString();
  }

  private static void line(StringBuilder out, String label, String value) {
    out.append("  ").append(String.format("%-16s", label)).append(value).append('\n');
  }
}
