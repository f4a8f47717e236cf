package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.NonEmpty;
import dev.portico.config.schema.Required;
import java.util.Map;

/** A route's traffic split over several upstreams (canary, blue/green). */
@Doc(
    "Splits the route's traffic over several upstreams by weight, keeping each user in its bucket"
        + " (by hash of key) even as weights change. See docs/load-balancing.md.")
public record TrafficSplitSettings(
    @Doc("Upstream name → weight, e.g. { catalog: 90, catalog-canary: 10 }.") @Required @NonEmpty
        Map<String, Integer> upstreams,
    @Doc(
            "What identifies a user: header:<name>, cookie:<name>, claim:<path>, client-ip, path"
                + " or query:<name>. Requests without it split by weight, not sticky.")
        @Default("client-ip")
        String key,
    @Doc(
            "Header that forces a bucket: an upstream name, `always` (the smallest-weight"
                + " upstream, the canary) or `never` (the largest). Any client can send it.")
        String forceHeader) {

  public TrafficSplitSettings {
    upstreams = Models.map(upstreams);
  }
}
