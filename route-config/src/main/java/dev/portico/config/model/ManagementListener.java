package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Range;

/** The management listener, separate from client traffic. */
@Doc("The management listener: Prometheus metrics, health, the admin API and console.")
public record ManagementListener(
    @Doc("Address to bind. Loopback by default so metrics and admin are not public.")
        @Default("127.0.0.1")
        String address,
    @Doc("TCP port of the management listener.") @Default("9090") @Range(min = 0, max = 65535)
        int port,
    @Doc("When /actuator/health/readiness reports the gateway ready for traffic.") @Default("{}")
        Readiness readiness) {}
