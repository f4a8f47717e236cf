package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Range;

/** The public listener. */
@Doc("The public listener.")
public record Listener(
    @Doc("Address to bind; 0.0.0.0 for all IPv4 interfaces.") @Default("0.0.0.0") String address,
    @Doc("TCP port for client traffic.") @Default("8080") @Range(min = 0, max = 65535) int port,
    @Doc("Request size, connection and read-time limits.") @Default("{}") ListenerLimits limits,
    @Doc(
            "Accept HTTP/2 next to HTTP/1.1 on the port: h2 by ALPN with tls, else cleartext h2c"
                + " with prior knowledge or by Upgrade. Needed for gRPC clients.")
        @Default("true")
        boolean http2,
    @Doc(
            "TLS on the listener (certificates per server name, reloaded when their files"
                + " change; client certificates; HTTP/2 by ALPN). Plain HTTP when left out. See"
                + " docs/tls.md.")
        ListenerTls tls) {}
