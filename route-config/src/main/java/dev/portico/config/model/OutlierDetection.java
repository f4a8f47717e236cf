package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Key;
import dev.portico.config.schema.Range;
import java.time.Duration;

/** Passive health: endpoints that keep failing are ejected for a while. */
@Doc(
    "Passive outlier detection: an endpoint answering 5xx or refusing connections several times in"
        + " a row is ejected for base-ejection-time × the number of times it was ejected.")
public record OutlierDetection(
    @Doc("Whether outlier detection runs.") @Default("true") boolean enabled,
    @Doc("Consecutive 5xx responses that eject an endpoint.")
        @Default("5")
        @Range(min = 1, max = 1000)
        @Key("consecutive-5xx")
        int consecutive5xx,
    @Doc("Consecutive connect failures that eject an endpoint.")
        @Default("5")
        @Range(min = 1, max = 1000)
        int consecutiveConnectFailures,
    @Doc("Ejection time of a first ejection; each further ejection adds as much again.")
        @Default("30s")
        Duration baseEjectionTime,
    @Doc("Longest ejection.") @Default("300s") Duration maxEjectionTime,
    @Doc("Most endpoints ejected at once, in percent of the upstream; one always stays.")
        @Default("50")
        @Range(min = 0, max = 100)
        int maxEjectionPercent) {}
