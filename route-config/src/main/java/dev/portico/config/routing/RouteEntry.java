package dev.portico.config.routing;

/**
 * A route as the index holds it: compiled conditions plus whatever the caller attaches (the gateway
 * attaches its runtime route).
 */
public record RouteEntry<T>(String id, RouteConditions conditions, T payload) {}
