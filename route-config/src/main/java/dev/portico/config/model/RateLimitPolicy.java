package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.NonEmpty;
import dev.portico.config.schema.Range;
import dev.portico.config.schema.Required;
import java.util.List;

/** A named rate-limit policy: limits that apply together, per key. */
@Doc(
    "A rate-limit policy: one or more limits that all apply, counted per key (client IP, claim,"
        + " consumer, header, route, or a combination). See docs/rate-limiting.md.")
public record RateLimitPolicy(
    @Doc("The limits, e.g. [100/s, 1000/min]; a request must fit every one.") @Required @NonEmpty
        List<Rate> limits,
    @Doc(
            "The most requests accepted at the same instant (GCRA burst tolerance). 1 spaces"
                + " requests evenly; in any window of length w at most burst + rate × w pass.")
        @Default("1")
        @Range(min = 1, max = 1_000_000)
        int burst,
    @Doc(
            "What the requests are counted by: client-ip, subject, consumer, route, claim:<path>,"
                + " header:<name>; several parts make a combined key. A part the request lacks"
                + " counts as '-'.")
        @Default("[client-ip]")
        List<String> key,
    @Doc("Different limits by a claim or consumer attribute (e.g. plan: free | premium).")
        RateLimitTiers tiers,
    @Doc("local or redis; the gateway's rate-limiting.store when left out.") RateLimitStore store,
    @Doc("open, closed or local; the gateway's rate-limiting.on-store-failure when left out.")
        StoreFailureMode onStoreFailure) {

  public RateLimitPolicy {
    limits = Models.list(limits);
    key = Models.list(key);
  }
}
