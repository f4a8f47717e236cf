/**
 * Portico's configuration: {@link dev.portico.config.ConfigLoader} reads one YAML file into the
 * validated model of {@code dev.portico.config.model}, or rejects it with every error at its line
 * and column; {@code dev.portico.config.routing} compiles routes into an index; {@code
 * dev.portico.config.watch} reloads the file when it changes. Plain Java: no Spring, no Netty.
 */
package dev.portico.config;
