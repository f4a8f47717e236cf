package dev.portico.gateway.snapshot;

import dev.portico.config.model.Upstream;
import dev.portico.traffic.WeightedRoundRobin;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The endpoints of one upstream and how requests rotate over them (smooth weighted round-robin).
 * Immutable apart from the rotation position; safe for concurrent use.
 */
public final class UpstreamGroup {

  private final String name;
  private final List<UpstreamEndpoint> endpoints;
  private final WeightedRoundRobin<UpstreamEndpoint> rotation;

  UpstreamGroup(String name, Upstream upstream) {
    this.name = name;
    List<UpstreamEndpoint> list = new ArrayList<>();
    for (int i = 0; i < upstream.endpoints().size(); i++) {
      list.add(UpstreamEndpoint.of(i, upstream.endpoints().get(i)));
    }
    this.endpoints = List.copyOf(list);
    this.rotation = WeightedRoundRobin.of(endpoints, e -> e.endpoint().weight());
  }

  public String name() {
    return name;
  }

  public List<UpstreamEndpoint> endpoints() {
    return endpoints;
  }

  /**
   * The endpoint for the next attempt: the next in rotation that this request has not tried yet,
   * or, when it has tried them all, simply the next in rotation.
   */
  public UpstreamEndpoint choose(Set<Integer> alreadyTried) {
    if (alreadyTried.isEmpty()) {
      return rotation.next();
    }
    UpstreamEndpoint untried = rotation.next(e -> !alreadyTried.contains(e.index()));
    return untried != null ? untried : rotation.next();
  }
}
