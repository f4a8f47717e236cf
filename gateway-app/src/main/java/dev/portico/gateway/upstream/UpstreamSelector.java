package dev.portico.gateway.upstream;

import dev.portico.config.model.TrafficSplitSettings;
import dev.portico.gateway.snapshot.UpstreamGroup;
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

  /** A route with one upstream. */
  public static UpstreamSelector single(UpstreamGroup group) {
    return new Single(group);
  }

  /**
   * A route with a split.
   *
   * @param groups the groups by upstream name (every upstream of the split is present)
   * @param clientIp the client's address, for a split keyed by client-ip
   */
  public static UpstreamSelector split(
      TrafficSplitSettings settings,
      Map<String, UpstreamGroup> groups,
      Function<ServerWebExchange, String> clientIp) {
    return new Split(settings, groups, clientIp);
  }

  private static final class Single extends UpstreamSelector {
    private final UpstreamGroup group;

    Single(UpstreamGroup group) {
      this.group = group;
    }

    @Override
    public UpstreamGroup select(ServerWebExchange exchange) {
      return group;
    }
  }

  private static final class Split extends UpstreamSelector {
    private final TrafficSplit<UpstreamGroup> split;
    private final Map<String, Integer> weights;
    private final RequestHashKey key;
    private final String forceHeader;
    private final Function<ServerWebExchange, String> clientIp;
    private final UpstreamGroup smallest;
    private final UpstreamGroup largest;

    Split(
        TrafficSplitSettings settings,
        Map<String, UpstreamGroup> groups,
        Function<ServerWebExchange, String> clientIp) {
      this.weights = settings.upstreams();
      List<UpstreamGroup> buckets = new ArrayList<>();
      weights.keySet().forEach(name -> buckets.add(groups.get(name)));
      this.split = TrafficSplit.of(buckets, UpstreamGroup::name, g -> weights.get(g.name()));
      this.key = RequestHashKey.compile(settings.key());
      this.forceHeader = settings.forceHeader();
      this.clientIp = clientIp;
      Comparator<UpstreamGroup> byWeight =
          Comparator.<UpstreamGroup>comparingInt(g -> weights.get(g.name()))
              .thenComparing(UpstreamGroup::name);
      this.smallest = buckets.stream().min(byWeight).orElseThrow();
      this.largest = buckets.stream().max(byWeight).orElseThrow();
    }

    @Override
    public UpstreamGroup select(ServerWebExchange exchange) {
      UpstreamGroup chosen = exchange.getAttribute(CHOSEN_ATTR);
      if (chosen == null) {
        chosen = forced(exchange);
        if (chosen == null) {
          chosen = split.choose(key.hash(exchange, clientIp));
        }
        exchange.getAttributes().put(CHOSEN_ATTR, chosen);
      }
      return chosen;
    }

    private UpstreamGroup forced(ServerWebExchange exchange) {
      if (forceHeader == null) {
        return null;
      }
      String value = exchange.getRequest().getHeaders().getFirst(forceHeader);
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
