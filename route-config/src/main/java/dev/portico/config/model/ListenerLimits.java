package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Range;
import java.time.Duration;

/** What one client may take of the public listener: sizes, connections and read deadlines. */
@Doc(
    "Limits that protect the public listener from oversized requests, connection floods and slow"
        + " clients (slowloris). Request body size is per route: gateway.defaults.max-body-size.")
public record ListenerLimits(
    @Doc("Longest request line (method, target and version); longer ones get 414.") @Default("8KB")
        ByteSize maxRequestLine,
    @Doc(
            "Largest request head (all header lines together); larger ones get 431. Bearer tokens"
                + " and split session cookies need more than the common 8KB.")
        @Default("32KB")
        ByteSize maxHeaderSize,
    @Doc(
            "Most client connections open at once; more are closed right after accept and counted"
                + " in portico_connections_refused_total. 0 for no limit.")
        @Default("10000")
        @Range(min = 0, max = 10000000)
        int maxConnections,
    @Doc(
            "Most HTTP/2 streams (requests) open at once on one connection, announced to the"
                + " client in SETTINGS_MAX_CONCURRENT_STREAMS. Some clients (the JDK's HttpClient)"
                + " fail requests over the limit instead of queueing them.")
        @Default("1000")
        @Range(min = 1, max = 1000000)
        int maxConcurrentStreams,
    @Doc(
            "Time a client has to send a complete request head, from the moment the connection"
                + " opens or the first byte of a following request arrives; then 408 and the"
                + " connection is closed. The slowloris defence.")
        @Default("10s")
        Duration headersTimeout,
    @Doc(
            "Longest pause between two reads of a request body; then the request fails and the"
                + " connection is closed.")
        @Default("30s")
        Duration bodyReadTimeout,
    @Doc(
            "A keep-alive connection with no request in flight for this long is closed. Keep it"
                + " above the idle timeout of the load balancer in front of Portico.")
        @Default("75s")
        Duration idleTimeout) {}
