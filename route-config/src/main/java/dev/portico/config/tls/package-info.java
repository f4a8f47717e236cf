/**
 * PEM certificate, key and trust files for the listener's TLS: read, checked (key matches the
 * certificate, certificate valid now) and reported with the file and what was expected. Plain Java;
 * the gateway builds its TLS contexts from what this package reads.
 */
package dev.portico.config.tls;
