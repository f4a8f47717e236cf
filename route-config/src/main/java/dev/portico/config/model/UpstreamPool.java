package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Range;
import java.time.Duration;

/** Connection pool settings for upstream connections. */
@Doc("The pool of keep-alive connections to upstream endpoints.")
public record UpstreamPool(
    @Doc("Most open connections per endpoint.") @Default("500") @Range(min = 1, max = 100000)
        int maxConnections,
    @Doc(
            "A pooled connection idle for longer is closed instead of reused. Keep it below the"
                + " shortest keep-alive timeout of your upstreams (Node.js and uvicorn close after"
                + " 5s) so a request never races the upstream closing the connection.")
        @Default("4s")
        Duration maxIdleTime,
    @Doc("A connection older than this is retired after its current request.") @Default("5m")
        Duration maxLifeTime,
    @Doc("How long a request may wait for a free connection before failing with 503.")
        @Default("5s")
        Duration pendingAcquireTimeout,
    @Doc("How long establishing a TCP connection may take before the attempt fails.") @Default("2s")
        Duration connectTimeout) {}
