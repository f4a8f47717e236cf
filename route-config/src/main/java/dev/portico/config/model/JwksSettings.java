package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import java.time.Duration;

/** How an issuer's signing keys are fetched and kept. */
@Doc("Fetching and caching of an issuer's signing keys (JWKS).")
public record JwksSettings(
    @Doc("How often the keys are fetched again in the background.") @Default("5m")
        Duration refreshInterval,
    @Doc(
            "Least time between fetches caused by tokens with an unknown `kid`, so a spray of"
                + " forged tokens cannot hammer the identity provider.")
        @Default("30s")
        Duration refetchCooldown,
    @Doc(
            "How long the last keys fetched stay usable while the identity provider cannot be"
                + " reached. After that, tokens are refused until a fetch succeeds.")
        @Default("24h")
        Duration maxStaleness,
    @Doc("Time allowed for one fetch of discovery document or keys.") @Default("3s")
        Duration fetchTimeout) {}
