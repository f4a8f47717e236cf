package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Range;

/** Gateway-wide rate-limiting settings. */
@Doc("Gateway-wide rate-limiting settings.")
public record RateLimitSettings(
    @Doc(
            "Most keys the local store keeps (about 150 bytes each). Keys whose limits have fully"
                + " recovered are dropped every 10s and whenever the store is full (forgetting them"
                + " changes nothing); when every kept key is still recovering, requests with new"
                + " keys pass uncounted until room frees up, and"
                + " portico_ratelimit_local_full_total counts them. Needs a restart to change.")
        @Default("100000")
        @Range(min = 1000, max = 100_000_000)
        int localMaxKeys) {}
