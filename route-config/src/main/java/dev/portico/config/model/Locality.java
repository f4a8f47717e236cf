package dev.portico.config.model;

import dev.portico.config.schema.Doc;

/** A region and zone, of the gateway or of an endpoint. */
@Doc("A place in the network: a region and, within it, a zone.")
public record Locality(
    @Doc("Region name, e.g. eu-west.") String region,
    @Doc("Zone name within the region, e.g. eu-west-1a.") String zone) {}
