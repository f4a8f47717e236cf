package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Range;
import dev.portico.config.schema.Required;
import java.net.URI;

/** One instance of an upstream. */
@Doc("One address of an upstream: a pod, a VM, a sidecar or a mesh ingress.")
public record Endpoint(
    @Doc(
            "Base URL: http or https, host, optional port and base path (prepended to the"
                + " forwarded path). No query or fragment.")
        @Required
        URI url,
    @Doc("Relative share of traffic; 0 takes the endpoint out of rotation.")
        @Default("1")
        @Range(min = 0, max = 10000)
        int weight,
    @Doc("Zone of the endpoint, e.g. eu-west-1a.") String zone,
    @Doc("Region of the endpoint, e.g. eu-west.") String region) {}
