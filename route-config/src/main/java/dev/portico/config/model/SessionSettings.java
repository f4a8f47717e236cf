package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import java.time.Duration;

/** Browser login sessions, kept in an encrypted cookie so any replica can serve them. */
@Doc("Browser login sessions: an encrypted, signed cookie, so every replica can serve it.")
public record SessionSettings(
    @Doc(
            "Key that encrypts and signs session cookies: 32 random bytes, base64; write it as"
                + " ${env:NAME} or ${file:/path}. Required when a route uses login; every replica"
                + " needs the same.")
        String secret,
    @Doc("Name of the session cookie.") @Default("PORTICO_SESSION") String cookieName,
    @Doc("Longest a session lasts, whatever the tokens' lifetimes.") @Default("8h") Duration maxAge,
    @Doc("Path of the login callback (the redirect URI registered at the provider).")
        @Default("/oauth2/callback")
        String callbackPath,
    @Doc("Path that ends the session (and, when the provider offers it, logs out there too).")
        @Default("/oauth2/logout")
        String logoutPath) {}
