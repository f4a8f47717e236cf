package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Range;

/** A cap on retries to one upstream, so a failing upstream is not stormed. */
@Doc(
    "Retry budget: retries in flight to the upstream may be at most this share of requests in"
        + " flight (Envoy's retry budget); further retries are skipped and counted.")
public record RetryBudgetSettings(
    @Doc("Retries in flight, in percent of requests in flight.")
        @Default("20")
        @Range(min = 0, max = 100)
        int percent,
    @Doc("Retries always allowed in flight, however few requests there are.")
        @Default("3")
        @Range(min = 0, max = 10000)
        int minConcurrency) {}
