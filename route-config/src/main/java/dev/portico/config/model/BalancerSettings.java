package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Range;

/** How an upstream chooses the endpoint of each attempt. */
@Doc("How requests are spread over the upstream's endpoints. See docs/load-balancing.md.")
public record BalancerSettings(
    @Doc("round-robin (smooth, weighted), random (weighted), least-request or maglev.")
        @Default("round-robin")
        BalancerType type,
    @Doc(
            "maglev: what is hashed — header:<name>, cookie:<name>, claim:<path>, client-ip, path"
                + " or query:<name>. Requests without it spread like random.")
        String hashOn,
    @Doc(
            "maglev: the lookup table's size, a prime at least 100 × the number of endpoints"
                + " keeps shares within about 1%.")
        @Default("65537")
        @Range(min = 7, max = 5_000_011)
        int tableSize,
    @Doc(
            "least-request: also compare a moving average of each endpoint's latency, steering"
                + " away from slow endpoints.")
        @Default("false")
        boolean latencyAware) {}
