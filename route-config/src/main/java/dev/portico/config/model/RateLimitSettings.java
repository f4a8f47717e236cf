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
        int localMaxKeys,
    @Doc("Where policies keep their state unless they say otherwise: local or redis.")
        @Default("local")
        RateLimitStore store,
    @Doc(
            "What a policy kept in Redis does while Redis cannot be reached: open (let requests"
                + " through), closed (503) or local (enforce the limit divided by the number of"
                + " replicas from this gateway's memory). Policies may override it.")
        @Default("local")
        StoreFailureMode onStoreFailure,
    @Doc(
            "Number of gateway replicas sharing the limits, used by on-store-failure: local. Leave"
                + " it out to use the number observed through Redis (replicas announce themselves"
                + " every 5s).")
        @Range(min = 1, max = 10_000)
        Integer replicas,
    @Doc("The Redis server or cluster; required when any policy is kept in Redis.")
        RedisSettings redis) {}
