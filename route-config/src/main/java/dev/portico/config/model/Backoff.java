package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import java.time.Duration;

/** Exponential back-off with full jitter between retry attempts. */
@Doc("Exponential back-off between attempts, with jitter (each wait is random up to the bound).")
public record Backoff(
    @Doc("Bound of the first wait.") @Default("25ms") Duration first,
    @Doc("Largest bound; the bound doubles each attempt until it reaches this.") @Default("250ms")
        Duration max) {}
