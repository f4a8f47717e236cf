/**
 * How the configuration model describes itself: annotations on the model records that drive both
 * the YAML binder (defaults, required keys, bounds) and the published JSON Schema.
 */
package dev.portico.config.schema;
