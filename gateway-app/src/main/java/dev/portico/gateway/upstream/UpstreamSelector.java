package dev.portico.gateway.upstream;

import dev.portico.config.model.TrafficSplitSettings;
import dev.portico.gateway.snapshot.UpstreamGroup;
import dev.portico.gateway.snapshot.UpstreamHandle;
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

    private UpstreamHandle forced(ServerWebExchange exchange) {
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
