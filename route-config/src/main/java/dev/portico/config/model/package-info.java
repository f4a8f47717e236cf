/**
 * The configuration model: immutable records that mirror the YAML file key by key (camelCase here,
 * kebab-case in YAML). Instances come from {@link dev.portico.config.ConfigLoader}, which validates
 * them; the records themselves only normalize nulls to empty collections.
 */
package dev.portico.config.model;
