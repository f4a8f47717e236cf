package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Range;
import java.util.List;

/** Locality-aware routing of one upstream. */
@Doc(
    "Locality-aware routing: endpoints in the gateway's zone first, then its region, then the"
        + " failover regions in order, spilling over as health drops. See docs/load-balancing.md.")
public record UpstreamLocality(
    @Doc("Regions to fail over to, in order, after the gateway's own region.")
        List<String> failover,
    @Doc(
            "Fail over to the other regions nearest first, by great-circle distance between"
                + " gateway.region-coordinates; excludes failover.")
        @Default("false")
        boolean failoverByDistance,
    @Doc(
            "Overprovisioning factor in percent (Envoy's 140 = 1.4): a level keeps all its traffic"
                + " while healthy share × factor ≥ 100%, and spills the rest to the next level.")
        @Default("140")
        @Range(min = 100, max = 1000)
        int overprovisioning,
    @Doc(
            "Panic threshold in percent: when fewer endpoints than this are healthy, health is"
                + " ignored and traffic goes to all of them. 0 disables panic mode.")
        @Default("50")
        @Range(min = 0, max = 100)
        int panicThreshold) {

  public UpstreamLocality {
    failover = Models.list(failover);
  }
}
