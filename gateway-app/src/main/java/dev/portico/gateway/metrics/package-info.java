/**
 * Per-route request metrics, per-endpoint upstream metrics and the readiness gate of the management
 * port. Every tag value is bounded by the configuration (route ids, upstream names, endpoint URLs)
 * or by a fixed word list (methods, status classes, error kinds); never paths, users or tokens.
 */
package dev.portico.gateway.metrics;
