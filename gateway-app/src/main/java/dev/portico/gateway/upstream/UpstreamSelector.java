package dev.portico.gateway.upstream;

import dev.portico.config.model.TrafficSplitSettings;
import dev.portico.gateway.snapshot.UpstreamGroup;
import dev.portico.gateway.snapshot.UpstreamHandle;
import dev.portico.traffic.KeyHash;
import dev.portico.traffic.TrafficSplit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.web.server.ServerWebExchange;

/**
 * Which upstream a route's request goes to: its one upstream, or — with a traffic split — the
 * bucket of the request's user, decided once per request (retries stay in the bucket). Immutable.
 */
public abstract sealed class UpstreamSelector {

  /** Exchange attribute: the upstream group a split chose for this request. */
  static final String CHOSEN_ATTR = "portico.upstreamGroup";

  private UpstreamSelector() {}

  /** The upstream of this request. */
  public abstract UpstreamGroup select(ServerWebExchange exchange);

  /**
   * What this route would do with a described request, without choosing: the upstream (a split's
   * bucket) and the endpoint preview of its balancing. Side-effect free.
   */
  public abstract EndpointPreview preview(RequestFacts request);

  /** A route with one upstream. */
  public static UpstreamSelector single(UpstreamHandle upstream) {
    return new Single(upstream);
  }

  /**
   * A route with a split.
   *
   * @param upstreams the upstreams by name (every upstream of the split is present)
   * @param clientIp the client's address, for a split keyed by client-ip
   */
  public static UpstreamSelector split(
      TrafficSplitSettings settings,
      Map<String, UpstreamHandle> upstreams,
      Function<ServerWebExchange, String> clientIp) {
    return new Split(settings, upstreams, clientIp);
  }

  private static final class Single extends UpstreamSelector {
    private final UpstreamHandle upstream;

    Single(UpstreamHandle upstream) {
      this.upstream = upstream;
    }

    @Override
    public UpstreamGroup select(ServerWebExchange exchange) {
      if (upstream.watch() == null) {
        return upstream.get();
      }
      // A discovered upstream's group may be replaced mid-request: keep the first one read.
      UpstreamGroup chosen = exchange.getAttribute(CHOSEN_ATTR);
      if (chosen == null) {
        chosen = upstream.get();
        exchange.getAttributes().put(CHOSEN_ATTR, chosen);
      }
      return chosen;
    }

    @Override
    public EndpointPreview preview(RequestFacts request) {
      return EndpointPreview.of(upstream.get(), request, null);
    }
  }

  private static final class Split extends UpstreamSelector {
    private final TrafficSplit<UpstreamHandle> split;
    private final Map<String, Integer> weights;
    private final RequestHashKey key;
    private final String forceHeader;
    private final Function<ServerWebExchange, String> clientIp;
    private final UpstreamHandle smallest;
    private final UpstreamHandle largest;

    Split(
        TrafficSplitSettings settings,
        Map<String, UpstreamHandle> upstreams,
        Function<ServerWebExchange, String> clientIp) {
      this.weights = settings.upstreams();
      List<UpstreamHandle> buckets = new ArrayList<>();
      weights.keySet().forEach(name -> buckets.add(upstreams.get(name)));
      this.split = TrafficSplit.of(buckets, UpstreamHandle::name, g -> weights.get(g.name()));
      this.key = RequestHashKey.compile(settings.key());
      this.forceHeader = settings.forceHeader();
      this.clientIp = clientIp;
      Comparator<UpstreamHandle> byWeight =
          Comparator.<UpstreamHandle>comparingInt(g -> weights.get(g.name()))
              .thenComparing(UpstreamHandle::name);
      this.smallest = buckets.stream().min(byWeight).orElseThrow();
      this.largest = buckets.stream().max(byWeight).orElseThrow();
    }

    @Override
    public UpstreamGroup select(ServerWebExchange exchange) {
      UpstreamGroup chosen = exchange.getAttribute(CHOSEN_ATTR);
      if (chosen == null) {
        UpstreamHandle bucket = forced(exchange);
        if (bucket == null) {
          bucket = split.choose(key.hash(exchange, clientIp));
        }
        chosen = bucket.get();
        exchange.getAttributes().put(CHOSEN_ATTR, chosen);
      }
      return chosen;
    }

    @Override
    public EndpointPreview preview(RequestFacts request) {
      UpstreamHandle bucket = forceHeader == null ? null : forced(request.header(forceHeader));
      if (bucket != null) {
        return EndpointPreview.of(
            bucket.get(), request, "forced by the " + forceHeader + " header");
      }
      String value = key.value(request);
      if (value != null && !value.isEmpty()) {
        UpstreamHandle chosen = split.preview(KeyHash.hash(value), true).endpoint();
        return EndpointPreview.of(
            chosen.get(), request, "the split's bucket for " + key + " (sticky per user)");
      }
      return oneOfTheBuckets(request);
    }

    /** A keyless request draws its bucket: every weighted bucket's preview, shares multiplied. */
    private EndpointPreview oneOfTheBuckets(RequestFacts request) {
      int total = weights.values().stream().mapToInt(Integer::intValue).sum();
      List<EndpointPreview.Tier> tiers = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (UpstreamHandle bucket : split.preview(0, false).candidates()) {
        double share = weights.get(bucket.name()) / (double) total;
        names.add(bucket.name() + " " + weights.get(bucket.name()));
        EndpointPreview inner = EndpointPreview.of(bucket.get(), request, null);
        for (EndpointPreview.Tier tier : inner.tiers()) {
          tiers.add(
              new EndpointPreview.Tier(
                  "upstream " + bucket.name() + ": " + tier.name(),
                  share * tier.share(),
                  tier.candidates()));
        }
      }
      return new EndpointPreview(
          null,
          "the request has no "
              + key
              + ": a bucket drawn by weight per request, one of "
              + String.join(", ", names),
          null,
          "one-of",
          null,
          "the endpoint depends on the bucket drawn",
          List.copyOf(tiers),
          List.of());
    }

    private UpstreamHandle forced(ServerWebExchange exchange) {
      if (forceHeader == null) {
        return null;
      }
      return forced(exchange.getRequest().getHeaders().getFirst(forceHeader));
    }

    private UpstreamHandle forced(String value) {
      if (value == null) {
        return null;
      }
      return switch (value.strip()) {
        case "always" -> smallest;
        case "never" -> largest;
        default -> split.forced(value.strip());
      };
    }
  }
}
