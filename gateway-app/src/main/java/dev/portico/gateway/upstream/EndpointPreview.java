package dev.portico.gateway.upstream;

import dev.portico.gateway.snapshot.UpstreamEndpoint;
import dev.portico.gateway.snapshot.UpstreamGroup;
import dev.portico.traffic.EndpointLoad;
import dev.portico.traffic.KeyHash;
import dev.portico.traffic.OutlierDetector;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The endpoint a described request would be sent to, worked out by the same balancing the request
 * path uses but without choosing: certain for a consistent hash with the request's key, a valid
 * sticky pin, a split's bucket or a single usable endpoint; otherwise the candidates one of which
 * would serve (round-robin, random, least-request, a keyless hash), grouped by the locality tier
 * that takes them. Building one changes no balancer state (see {@link EndpointPicker#preview}).
 * Immutable.
 *
 * @param upstream the upstream the request goes to, or null when a split draws it per request
 * @param upstreamChoice how a split chose the upstream, in words; null for a route's one upstream
 * @param balancer the upstream's balancer (round-robin, random, least-request, maglev), or null
 * @param outcome {@code certain} (one endpoint), {@code one-of} (the candidates), {@code
 *     last-resort} (no endpoint is usable; health is ignored), {@code none} (no endpoints at all)
 * @param endpoint the endpoint when certain, else null
 * @param reason why, in words
 * @param tiers the tiers that take requests, each with its share and candidates
 * @param excluded endpoints left out and why (weight 0, unhealthy, ejected)
 */
public record EndpointPreview(
    String upstream,
    String upstreamChoice,
    String balancer,
    String outcome,
    String endpoint,
    String reason,
    List<Tier> tiers,
    List<Excluded> excluded) {

  /**
   * @param name which endpoints: a locality level such as {@code same zone (eu-west-1a)}, {@code
   *     all endpoints} without locality, panic mode, or the last resort
   * @param share the share of requests this tier takes, in {@code (0, 1]}
   * @param candidates the endpoints one of which it would choose (one when certain)
   */
  public record Tier(String name, double share, List<Candidate> candidates) {}

  /**
   * @param inFlight requests in flight to the endpoint now
   */
  public record Candidate(String url, String region, String zone, int weight, Long inFlight) {}

  /** An endpoint the request cannot get, and why. */
  public record Excluded(String url, String reason) {}

  /** What {@code group} would do with {@code request}; {@code upstreamChoice} as for the record. */
  public static EndpointPreview of(
      UpstreamGroup group, RequestFacts request, String upstreamChoice) {
    RequestHashKey hashOn = group.hashOn();
    String keyValue = hashOn == null ? null : hashOn.value(request);
    boolean keyed = keyValue != null && !keyValue.isEmpty();
    long keyHash = keyed ? KeyHash.hash(keyValue) : 0;
    String balancer = group.config().balancer().type().name().toLowerCase(Locale.ROOT);
    balancer = balancer.replace('_', '-');
    List<Excluded> excluded = excluded(group);
    StickyCookies sticky = group.sticky();
    UpstreamEndpoint pinned =
        sticky == null ? null : sticky.pinned(request.cookie(sticky.cookieName()));
    if (pinned != null && group.picker().usable(pinned)) {
      Tier tier = new Tier("pinned", 1.0, List.of(candidate(group, pinned)));
      return new EndpointPreview(
          group.name(),
          upstreamChoice,
          balancer,
          "certain",
          pinned.toString(),
          "pinned by the sticky cookie '" + sticky.cookieName() + "'",
          List.of(tier),
          excluded);
    }
    String region = group.config().locality() == null ? null : request.callerRegion();
    List<EndpointPicker.TierPreview> previews = group.picker().preview(keyHash, keyed, region);
    if (previews.isEmpty()) {
      return new EndpointPreview(
          group.name(),
          upstreamChoice,
          balancer,
          "none",
          null,
          "the upstream has no endpoints (its DNS name resolves to none)",
          List.of(),
          excluded);
    }
    List<Tier> tiers = new ArrayList<>();
    Set<UpstreamEndpoint> distinct = new LinkedHashSet<>();
    for (EndpointPicker.TierPreview preview : previews) {
      List<Candidate> candidates = new ArrayList<>();
      for (UpstreamEndpoint endpoint : preview.choice().candidates()) {
        candidates.add(candidate(group, endpoint));
        distinct.add(endpoint);
      }
      tiers.add(new Tier(preview.name(), preview.share(), List.copyOf(candidates)));
    }
    boolean lastResort = previews.get(0).name().startsWith("any endpoint");
    boolean certain = distinct.size() == 1;
    String outcome = lastResort ? "last-resort" : certain ? "certain" : "one-of";
    String reason =
        reason(group, hashOn, keyed, sticky, pinned, certain)
            + (region == null ? "" : "; locality seen from the caller's region " + region);
    return new EndpointPreview(
        group.name(),
        upstreamChoice,
        balancer,
        outcome,
        certain ? distinct.iterator().next().toString() : null,
        reason,
        List.copyOf(tiers),
        excluded);
  }

  private static String reason(
      UpstreamGroup group,
      RequestHashKey hashOn,
      boolean keyed,
      StickyCookies sticky,
      UpstreamEndpoint pinned,
      boolean certain) {
    String how =
        switch (group.config().balancer().type()) {
          case MAGLEV ->
              keyed
                  ? "consistent hash (Maglev) of " + hashOn
                  : hashOn == null
                      ? "consistent hash without a key: a random hash per request"
                      : "the request has no " + hashOn + ": a random hash per request";
          case ROUND_ROBIN -> "weighted round-robin: the next in the rotation";
          case RANDOM -> "weighted random";
          case LEAST_REQUEST ->
              "least-request: the less loaded of two drawn by weight (in flight shown)";
        };
    if (certain && !keyed && group.endpoints().size() > 1) {
      how += ", and only one endpoint is a candidate";
    }
    if (sticky == null) {
      return how;
    }
    String cookie = "sticky cookie '" + sticky.cookieName() + "'";
    return (pinned != null
            ? "the " + cookie + " pins " + pinned + ", which is not usable now; "
            : "no valid " + cookie + "; ")
        + how
        + ", and the response pins the client to the endpoint that serves";
  }

  private static List<Excluded> excluded(UpstreamGroup group) {
    List<Excluded> out = new ArrayList<>();
    OutlierDetector<UpstreamEndpoint> outliers = group.outliers();
    for (UpstreamEndpoint endpoint : group.endpoints()) {
      if (endpoint.weight() <= 0) {
        out.add(new Excluded(endpoint.toString(), "weight 0"));
      } else if (group.health() != null && !group.health().isHealthy(endpoint.toString())) {
        out.add(new Excluded(endpoint.toString(), "unhealthy (active health check)"));
      } else if (outliers != null && outliers.isEjected(endpoint)) {
        out.add(
            new Excluded(
                endpoint.toString(),
                "ejected by outlier detection until " + outliers.status(endpoint).ejectedUntil()));
      }
    }
    return List.copyOf(out);
  }

  private static Candidate candidate(UpstreamGroup group, UpstreamEndpoint endpoint) {
    EndpointLoad load = group.load(endpoint);
    return new Candidate(
        endpoint.toString(),
        endpoint.endpoint().region(),
        endpoint.endpoint().zone(),
        endpoint.weight(),
        load.inFlight());
  }
}
