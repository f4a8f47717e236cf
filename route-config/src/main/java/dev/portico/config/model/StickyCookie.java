package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import java.time.Duration;

/** Session affinity by a cookie that names the chosen endpoint. */
@Doc(
    "Session affinity: Portico sets a cookie naming the chosen endpoint (an opaque HMAC, never its"
        + " address) and sends the client's later requests there while it is healthy.")
public record StickyCookie(
    @Doc("Cookie name.") @Default("portico-affinity") String name,
    @Doc("Cookie lifetime; a session cookie when left out.") Duration maxAge,
    @Doc(
            "Key of the cookie's HMAC, at least 16 bytes; write it as ${env:NAME}. Every replica"
                + " needs the same one; when left out each process makes its own, so affinity"
                + " holds only per replica.")
        String secret) {}
