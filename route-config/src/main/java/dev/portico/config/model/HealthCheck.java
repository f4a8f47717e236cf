package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Range;
import java.time.Duration;
import java.util.List;

/** Active HTTP health checks of an upstream's endpoints. */
@Doc(
    "Active health checks: Portico calls each endpoint's path on a timer, off the request path,"
        + " and takes endpoints out of rotation after repeated failures. See docs/health-checks.md.")
public record HealthCheck(
    @Doc("Path requested with GET, after the endpoint's base path.") @Default("/health")
        String path,
    @Doc("Time between checks of one endpoint.") @Default("10s") Duration interval,
    @Doc("Random spread added to each interval (±), so checks do not align.") @Default("1s")
        Duration jitter,
    @Doc("Time allowed for a response; longer counts as a failure.") @Default("2s")
        Duration timeout,
    @Doc("Consecutive passes that make an unhealthy endpoint healthy.")
        @Default("2")
        @Range(min = 1, max = 100)
        int healthyThreshold,
    @Doc("Consecutive failures that make a healthy endpoint unhealthy.")
        @Default("3")
        @Range(min = 1, max = 100)
        int unhealthyThreshold,
    @Doc("Statuses that pass, as codes or ranges, e.g. [\"200-399\"] or [200, 204].")
        @Default("[\"200-399\"]")
        List<String> expectedStatuses,
    @Doc("Host header of the checks; the endpoint's authority when left out.") String host,
    @Doc(
            "State of an endpoint before its checks decide (at start, after a reload): healthy"
                + " takes traffic at once; unhealthy waits for healthy-threshold passes.")
        @Default("healthy")
        InitialHealth initially) {

  public HealthCheck {
    expectedStatuses = Models.list(expectedStatuses);
  }
}
