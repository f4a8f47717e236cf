package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Range;
import java.util.List;

/** When and how often a failed attempt is tried again, each time on another endpoint if any. */
@Doc("Retries: a failed attempt is tried again on another endpoint when one is available.")
public record RetryPolicy(
    @Doc("Total attempts including the first; 3 means up to two retries.")
        @Default("2")
        @Range(min = 1, max = 10)
        int attempts,
    @Doc(
            "Failures that are retried: connect-failure (the request never left Portico, so it"
                + " is retried for every method) and reset (the connection closed before a"
                + " response).")
        @Default("[connect-failure]")
        List<RetryCondition> on,
    @Doc("Upstream response statuses that are retried, e.g. [502, 503].") List<Integer> statuses,
    @Doc(
            "Retry reset and status failures only for idempotent methods (GET, HEAD, OPTIONS,"
                + " PUT, DELETE, TRACE). Set false to retry POST and PATCH too.")
        @Default("true")
        boolean idempotentOnly,
    @Doc("Wait between attempts.") @Default("{}") Backoff backoff) {

  public RetryPolicy {
    on = Models.list(on);
    statuses = Models.list(statuses);
  }
}
